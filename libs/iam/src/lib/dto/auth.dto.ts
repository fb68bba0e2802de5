import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, MaxLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString({ message: 'username must be a string' })
  @Length(1, 64, { message: 'username must be 1–64 characters' })
  username: string;

  @ApiProperty({ example: 'Demo@2023!' })
  @IsString({ message: 'password must be a string' })
  @Length(1, 128, { message: 'password must be 1–128 characters' })
  password: string;
}

export class LoginResponseDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ description: 'Seconds until the token expires' }) expiresIn: number;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MaxLength(128)
  currentPassword: string;

  @ApiProperty({ description: 'At least 10 characters, three of: lower, upper, digit, symbol' })
  @IsString()
  @MaxLength(128)
  newPassword: string;
}
