import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@outfall/config';
import { OrgModule } from '@outfall/org';
import { ApiKey } from './api-keys/api-key.entity';
import { ApiKeyRateLimiter } from './api-keys/api-key-rate-limiter';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { IdentityCache } from './auth/identity-cache';
import { LoginThrottlerGuard } from './auth/login-throttler.guard';
import { PasswordHasher } from './auth/password-hasher';
import { ApiKeysController, AuthController, UsersController } from './iam.controller';
import { IamResolver, UserFieldsResolver } from './iam.resolver';
import { User } from './users/user.entity';
import { UsersService } from './users/users.service';

/** Accounts, API keys, authentication and the global default-deny guard. */
@Module({
  imports: [
    OrgModule,
    TypeOrmModule.forFeature([User, ApiKey]),
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        // a ready KeyObject: given a string, jsonwebtoken first tries (and fails) to parse it as a public key
        // on every verify, about 3 ms of CPU per request (docs/performance.md)
        const key = createSecretKey(Buffer.from(config.jwtSecret));
        return {
          secretOrKeyProvider: () => key as unknown as string,
          signOptions: { algorithm: 'HS256' },
          verifyOptions: { algorithms: ['HS256'] },
        };
      },
    }),
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => [
        { name: 'login', limit: config.LOGIN_RATE_LIMIT, ttl: config.LOGIN_RATE_WINDOW_SECONDS * 1000 },
      ],
    }),
  ],
  controllers: [AuthController, UsersController, ApiKeysController],
  providers: [
    IdentityCache,
    AuthService,
    UsersService,
    ApiKeysService,
    ApiKeyRateLimiter,
    IamResolver,
    UserFieldsResolver,
    LoginThrottlerGuard,
    {
      provide: PasswordHasher,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new PasswordHasher(config.PASSWORD_HASH_COST),
    },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, UsersService, PasswordHasher, IdentityCache],
})
export class IamModule {}
