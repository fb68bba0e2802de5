import {
  Args,
  Context,
  Field,
  ID,
  Mutation,
  ObjectType,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import {
  Authenticated,
  CurrentPrincipal,
  ListQueryDto,
  loaderFor,
  Paginated,
  Principal,
  RequirePermissions,
} from '@outfall/common';
import { OrgService, Unit } from '@outfall/org';
import { Permission } from '@outfall/shared-types';
import { ApiKey } from './api-keys/api-key.entity';
import { ApiKeysService } from './api-keys/api-keys.service';
import { CreateApiKeyDto, CreatedApiKeyDto, RotateApiKeyDto, UpdateApiKeyDto } from './dto/api-key.dto';
import { CreateUserDto, UpdateUserDto, UserFilterDto } from './dto/user.dto';
import { User } from './users/user.entity';
import { UsersService } from './users/users.service';

@ObjectType('MeJurisdiction')
class MeJurisdiction {
  @Field() cityWide: boolean;
  @Field(() => ID, { nullable: true }) divisionId: string | null;
  @Field(() => String, { nullable: true }) divisionName: string | null;
}

@ObjectType('MeUnit')
class MeUnit {
  @Field() id: string;
  @Field() name: string;
}

@ObjectType('Me')
class MeType {
  @Field(() => ID) id: string;
  @Field() username: string;
  @Field() displayName: string;
  @Field() role: string;
  @Field(() => [String]) permissions: string[];
  @Field(() => MeUnit) unit: MeUnit;
  @Field(() => MeJurisdiction) jurisdiction: MeJurisdiction;
  @Field() demo: boolean;
}

const UserPage = Paginated(User, 'User');
const ApiKeyPage = Paginated(ApiKey, 'ApiKey');

@Resolver()
export class IamResolver {
  constructor(
    private readonly users: UsersService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  @Query(() => MeType, { description: 'The signed-in caller' })
  @Authenticated()
  me(@CurrentPrincipal() principal: Principal) {
    return this.users.me(principal);
  }

  @Query(() => UserPage, { name: 'users' })
  @RequirePermissions(Permission.UserRead)
  listUsers(
    @Args('filter', { type: () => UserFilterDto, nullable: true }) filter?: UserFilterDto,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.users.list({ ...(filter ?? {}), ...(page ?? {}) });
  }

  @Query(() => User, { description: 'One user (REST GET /users/:id)' })
  @RequirePermissions(Permission.UserRead)
  user(@Args('id', { type: () => ID }) id: string): Promise<User> {
    return this.users.get(id);
  }

  @Mutation(() => User)
  @RequirePermissions(Permission.UserManage)
  createUser(@Args('input', { type: () => CreateUserDto }) input: CreateUserDto): Promise<User> {
    return this.users.create(input);
  }

  @Mutation(() => User)
  @RequirePermissions(Permission.UserManage)
  updateUser(
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => UpdateUserDto }) input: UpdateUserDto,
  ): Promise<User> {
    return this.users.update(id, input);
  }

  @Query(() => ApiKeyPage, { name: 'apiKeys' })
  @RequirePermissions(Permission.ApiKeyManage)
  listApiKeys(@Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto) {
    return this.apiKeys.list(page ?? {});
  }

  @Query(() => ApiKey, { description: 'One API key, without its secret (REST GET /api-keys/:id)' })
  @RequirePermissions(Permission.ApiKeyManage)
  apiKey(@Args('id', { type: () => ID }) id: string): Promise<ApiKey> {
    return this.apiKeys.get(id);
  }

  @Mutation(() => CreatedApiKeyDto, { description: 'Create an API key; the key is returned once' })
  @RequirePermissions(Permission.ApiKeyManage)
  createApiKey(
    @Args('input', { type: () => CreateApiKeyDto }) input: CreateApiKeyDto,
  ): Promise<CreatedApiKeyDto> {
    return this.apiKeys.create(input);
  }

  @Mutation(() => ApiKey, { description: 'Rename a key, change its scopes or its rate limit' })
  @RequirePermissions(Permission.ApiKeyManage)
  updateApiKey(
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => UpdateApiKeyDto }) input: UpdateApiKeyDto,
  ): Promise<ApiKey> {
    return this.apiKeys.update(id, input);
  }

  @Mutation(() => CreatedApiKeyDto, {
    description: 'A new secret, returned once; the previous one stays valid until previousValidUntil',
  })
  @RequirePermissions(Permission.ApiKeyManage)
  rotateApiKey(
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => RotateApiKeyDto, nullable: true }) input?: RotateApiKeyDto,
  ): Promise<CreatedApiKeyDto> {
    return this.apiKeys.rotate(id, input ?? {});
  }

  @Mutation(() => ApiKey, { description: 'End the previous secret of a rotation now' })
  @RequirePermissions(Permission.ApiKeyManage)
  revokePreviousApiKeySecret(@Args('id', { type: () => ID }) id: string): Promise<ApiKey> {
    return this.apiKeys.revokePrevious(id);
  }

  @Mutation(() => ApiKey)
  @RequirePermissions(Permission.ApiKeyManage)
  revokeApiKey(@Args('id', { type: () => ID }) id: string): Promise<ApiKey> {
    return this.apiKeys.revoke(id);
  }
}

@Resolver(() => User)
export class UserFieldsResolver {
  constructor(private readonly org: OrgService) {}

  @ResolveField(() => Unit)
  async unit(@Parent() user: User, @Context() context: object): Promise<Unit> {
    const unit = await loaderFor(context, 'unit', (ids: readonly string[]) => this.org.unitsByIds(ids)).load(
      user.unitId,
    );
    if (!unit) throw new Error(`user ${user.id} has no unit`);
    return unit;
  }
}
