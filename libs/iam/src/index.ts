export * from './lib/users/user.entity';
export * from './lib/api-keys/api-key.entity';
export * from './lib/auth/password-hasher';
export * from './lib/auth/auth.service';
export { apiKeyPermissions } from './lib/auth/principal.factory';
export * from './lib/users/users.service';
export * from './lib/iam.exception';
export * from './lib/iam.module';
export { CreateUserDto } from './lib/dto/user.dto';
