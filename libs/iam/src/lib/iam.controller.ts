import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiSecurity,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import {
  Authenticated,
  CurrentPrincipal,
  ListQueryDto,
  Principal,
  Public,
  RequirePermissions,
} from '@outfall/common';
import { Permission } from '@outfall/shared-types';
import { ApiKey } from './api-keys/api-key.entity';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AuthService } from './auth/auth.service';
import { LoginThrottlerGuard } from './auth/login-throttler.guard';
import {
  ApiKeyPage,
  CreateApiKeyDto,
  CreatedApiKeyDto,
  RotateApiKeyDto,
  UpdateApiKeyDto,
} from './dto/api-key.dto';
import { ChangePasswordDto, LoginDto, LoginResponseDto } from './dto/auth.dto';
import { CreateUserDto, MeDto, UpdateUserDto, UserDto, UserPage, UserQueryDto } from './dto/user.dto';
import { toUserDto, UsersService } from './users/users.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  /** Exchanges a username and password for a JWT access token. Rate-limited per address and username. */
  @Public()
  @UseGuards(LoginThrottlerGuard)
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts; wait and retry' })
  login(@Body() input: LoginDto): Promise<LoginResponseDto> {
    return this.auth.login(input.username, input.password);
  }

  /** The signed-in caller: profile and permissions. */
  @Get('me')
  @Authenticated()
  @ApiBearerAuth()
  @ApiSecurity('api-key')
  me(@CurrentPrincipal() principal: Principal): Promise<MeDto> {
    return this.users.me(principal);
  }

  /**
   * Renews the session: a new access token for the caller's valid bearer token (same session, new expiry),
   * until SESSION_MAX_SECONDS after the login. The SPA calls it while the user is active.
   */
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiBearerAuth()
  @ApiOkResponse({ type: LoginResponseDto })
  refresh(
    @Headers('authorization') authorization: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<LoginResponseDto> {
    return this.auth.refresh(authorization, principal);
  }

  /** Logs the caller's account out everywhere: every token issued so far answers 401 from now on. */
  @Post('logout-all')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Authenticated()
  @ApiBearerAuth()
  logoutAll(@CurrentPrincipal() principal: Principal): Promise<void> {
    return this.users.endAllSessions(principal);
  }

  /** Changes the caller's own password. */
  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Authenticated()
  @ApiBearerAuth()
  changePassword(@CurrentPrincipal() principal: Principal, @Body() input: ChangePasswordDto): Promise<void> {
    return this.users.changeOwnPassword(principal, input);
  }
}

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Users, filtered, one page. */
  @Get()
  @RequirePermissions(Permission.UserRead)
  async list(@Query() query: UserQueryDto): Promise<UserPage> {
    const page = await this.users.list(query);
    return { ...page, items: page.items.map(toUserDto) };
  }

  /** One user. */
  @Get(':id')
  @RequirePermissions(Permission.UserRead)
  @ApiOkResponse({ type: UserDto })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<UserDto> {
    return toUserDto(await this.users.get(id));
  }

  /** Creates a user. */
  @Post()
  @RequirePermissions(Permission.UserManage)
  @ApiCreatedResponse({ type: UserDto })
  async create(@Body() input: CreateUserDto): Promise<UserDto> {
    return toUserDto(await this.users.create(input));
  }

  /** Updates a user. */
  @Patch(':id')
  @RequirePermissions(Permission.UserManage)
  @ApiOkResponse({ type: UserDto })
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() input: UpdateUserDto): Promise<UserDto> {
    return toUserDto(await this.users.update(id, input));
  }
}

@ApiTags('api-keys')
@ApiBearerAuth()
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  /** API keys (without their secrets), one page. */
  @Get()
  @RequirePermissions(Permission.ApiKeyManage)
  list(@Query() query: ListQueryDto): Promise<ApiKeyPage> {
    return this.apiKeys.list(query);
  }

  /** The response carries the key itself once; it cannot be read again. */
  @Post()
  @RequirePermissions(Permission.ApiKeyManage)
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  create(@Body() input: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.apiKeys.create(input);
  }

  /** One API key (without its secret). */
  @Get(':id')
  @RequirePermissions(Permission.ApiKeyManage)
  @ApiOkResponse({ type: ApiKey })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ApiKey> {
    return this.apiKeys.get(id);
  }

  /** Name, scopes (`scope` base + `scopes` added) and the per-key rate limit. */
  @Patch(':id')
  @RequirePermissions(Permission.ApiKeyManage)
  @ApiOkResponse({ type: ApiKey })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() input: UpdateApiKeyDto): Promise<ApiKey> {
    return this.apiKeys.update(id, input);
  }

  /** A new secret, shown once; the old one keeps working until `previousValidUntil` or `revoke-previous`. */
  @Post(':id/rotate')
  @RequirePermissions(Permission.ApiKeyManage)
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  rotate(@Param('id', ParseUUIDPipe) id: string, @Body() input: RotateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.apiKeys.rotate(id, input);
  }

  /** Ends the previous secret of a rotation at once. */
  @Post(':id/revoke-previous')
  @HttpCode(HttpStatus.OK)
  @RequirePermissions(Permission.ApiKeyManage)
  @ApiOkResponse({ type: ApiKey })
  revokePrevious(@Param('id', ParseUUIDPipe) id: string): Promise<ApiKey> {
    return this.apiKeys.revokePrevious(id);
  }

  /** Revokes an API key; it stops working at once. */
  @Delete(':id')
  @RequirePermissions(Permission.ApiKeyManage)
  revoke(@Param('id', ParseUUIDPipe) id: string): Promise<ApiKey> {
    return this.apiKeys.revoke(id);
  }
}
