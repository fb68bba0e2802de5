import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { Principal } from '@outfall/common';
import { AppConfig } from '@outfall/config';
import { Division } from '@outfall/org';
import type { LoginResponse } from '@outfall/shared-types';
import { DataSource } from 'typeorm';
import { ApiKey } from '../api-keys/api-key.entity';
import { ApiKeyRateLimiter } from '../api-keys/api-key-rate-limiter';
import { IamErrorCode, IamException } from '../iam.exception';
import { User } from '../users/user.entity';
import { IdentityCache } from './identity-cache';
import { PasswordHasher } from './password-hasher';
import { apiKeyPrincipal, userPrincipal } from './principal.factory';

interface AccessTokenPayload {
  sub: string;
  /** credentialsChangedAt in ms: tokens minted before a password change (or "log out everywhere") stop working. */
  cv: number;
  /** When the session began (the login, in ms), kept across renewals: SESSION_MAX_SECONDS counts from it. */
  at?: number;
}

export const API_KEY_PATTERN = /^ofk_([a-z0-9]{8})_([A-Za-z0-9_-]{43})$/;
const LAST_USED_RESOLUTION_MS = 60_000;

/** A dummy hash to verify against when the username is unknown, so timing does not reveal accounts. */
let dummyHash: Promise<string> | undefined;

@Injectable()
export class AuthService {
  /** Tokens whose signature was checked (token → payload), until they expire; the user is checked each time. */
  private readonly verifiedTokens = new Map<string, AccessTokenPayload & { exp: number }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly hasher: PasswordHasher,
    private readonly config: AppConfig,
    private readonly identities: IdentityCache,
    private readonly rateLimiter: ApiKeyRateLimiter,
  ) {}

  async login(username: string, password: string): Promise<LoginResponse> {
    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.username = :username', { username })
      .getOne();
    dummyHash ??= this.hasher.hash('not-a-real-password');
    const valid = await this.hasher.verify(password, user?.passwordHash ?? (await dummyHash));
    if (!user || !valid) throw new IamException(IamErrorCode.InvalidCredentials);
    if (!user.active) throw new IamException(IamErrorCode.AccountDisabled);
    await this.dataSource.getRepository(User).update(user.id, { lastLoginAt: new Date() });
    return this.issue({ sub: user.id, cv: user.credentialsChangedAt.getTime(), at: Date.now() });
  }

  /**
   * A fresh access token for the session the caller's (still valid) bearer token belongs to: same user,
   * credential version and session start, a new expiry, never beyond SESSION_MAX_SECONDS after the login.
   * The guard has already checked the token, the account and the credential version.
   */
  async refresh(authorization: string | undefined, principal: Principal): Promise<LoginResponse> {
    const match = /^Bearer (\S+)$/i.exec(authorization ?? '');
    if (principal.kind !== 'user' || !match) throw new IamException(IamErrorCode.TokenInvalid);
    const payload = await this.jwt.verifyAsync<AccessTokenPayload>(match[1]);
    // tokens from before this feature carry no session start: their own issue time stands in
    const at = payload.at ?? ((payload as { iat?: number }).iat ?? 0) * 1000;
    const remaining = Math.floor((at + this.config.SESSION_MAX_SECONDS * 1000 - Date.now()) / 1000);
    if (remaining <= 0) throw new IamException(IamErrorCode.TokenExpired);
    return this.issue({ sub: payload.sub, cv: payload.cv, at }, remaining);
  }

  private async issue(payload: AccessTokenPayload, capSeconds = Infinity): Promise<LoginResponse> {
    const expiresIn = Math.min(this.config.JWT_EXPIRES_IN_SECONDS, capSeconds);
    const accessToken = await this.jwt.signAsync(payload, { expiresIn });
    return { accessToken, expiresIn };
  }

  /** Authenticates a bearer token or an API key; throws a coded 401 otherwise. */
  async authenticate(authorization: string | undefined, apiKey: string | undefined): Promise<Principal> {
    if (apiKey) return this.authenticateApiKey(apiKey);
    const match = /^Bearer (\S+)$/i.exec(authorization ?? '');
    if (!match) throw new IamException(IamErrorCode.TokenMissing);
    let payload: AccessTokenPayload;
    const verified = this.verifiedTokens.get(match[1]);
    if (verified && verified.exp * 1000 > Date.now()) {
      // the same token string was verified before: its signature holds, only the expiry can change
      payload = verified;
    } else {
      try {
        payload = await this.jwt.verifyAsync<AccessTokenPayload & { exp: number }>(match[1]);
      } catch (error) {
        throw new IamException(
          error instanceof TokenExpiredError ? IamErrorCode.TokenExpired : IamErrorCode.TokenInvalid,
        );
      }
      if (this.verifiedTokens.size >= 10_000) this.verifiedTokens.clear();
      this.verifiedTokens.set(match[1], payload as AccessTokenPayload & { exp: number });
    }
    const user = await this.identities.user(payload.sub, () => this.loadUser(payload.sub));
    if (!user) throw new IamException(IamErrorCode.TokenInvalid);
    if (!user.active) throw new IamException(IamErrorCode.AccountDisabled);
    if (user.credentialsChangedAt.getTime() !== payload.cv) throw new IamException(IamErrorCode.TokenInvalid);
    return userPrincipal(user);
  }

  /** The user with unit and division, in one statement (findOne with relations would add a DISTINCT pre-query). */
  loadUser(id: string): Promise<User | null> {
    return this.dataSource
      .getRepository(User)
      .createQueryBuilder('user')
      .leftJoinAndSelect('user.unit', 'unit')
      .leftJoinAndSelect('unit.division', 'division')
      .where('user.id = :id', { id })
      .getOne();
  }

  private async authenticateApiKey(raw: string): Promise<Principal> {
    const match = API_KEY_PATTERN.exec(raw);
    if (!match) throw new IamException(IamErrorCode.ApiKeyInvalid);
    const repo = this.dataSource.getRepository(ApiKey);
    const found = await this.identities.apiKey(match[1], async () => {
      const key = await repo
        .createQueryBuilder('key')
        .addSelect('key.secretHash')
        .addSelect('key.previousSecretHash')
        .where('key.prefix = :prefix', { prefix: match[1] })
        .getOne();
      if (!key) return null;
      const division = key.divisionId
        ? await this.dataSource.getRepository(Division).findOneBy({ id: key.divisionId })
        : null;
      return { key, division };
    });
    const hash = Buffer.from(hashApiKeySecret(match[2]), 'hex');
    if (!found) throw new IamException(IamErrorCode.ApiKeyInvalid);
    const { key, division } = found;
    const current = timingSafeEqual(hash, Buffer.from(key.secretHash, 'hex'));
    // after a rotation the previous secret keeps working until its set time (or until revoked)
    const previous =
      !current &&
      !!key.previousSecretHash &&
      !!key.previousSecretExpiresAt &&
      key.previousSecretExpiresAt.getTime() > Date.now() &&
      timingSafeEqual(hash, Buffer.from(key.previousSecretHash, 'hex'));
    if (!current && !previous) throw new IamException(IamErrorCode.ApiKeyInvalid);
    if (key.revokedAt) throw new IamException(IamErrorCode.ApiKeyRevoked);
    if (key.expiresAt && key.expiresAt.getTime() <= Date.now())
      throw new IamException(IamErrorCode.ApiKeyExpired);
    this.rateLimiter.hit(key.id, key.rateLimitPerMinute ?? this.config.API_KEY_RATE_LIMIT_PER_MINUTE);
    if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      // raw, so the identity cache (which listens to api_key writes) keeps the key: only lastUsedAt changes
      const now = new Date();
      await this.dataSource.query(`UPDATE api_key SET last_used_at = $2 WHERE id = $1`, [key.id, now]);
      key.lastUsedAt = now;
    }
    if (key.divisionId && !division) throw new IamException(IamErrorCode.ApiKeyInvalid);
    return apiKeyPrincipal(key, division);
  }
}

export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
