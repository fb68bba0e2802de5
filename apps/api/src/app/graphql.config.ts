import { ApolloDriverConfig } from '@nestjs/apollo';
import { AppConfig } from '@outfall/config';
import { GraphQLDateTime, RequestContextStore } from '@outfall/common';
import type { ApolloServerPlugin } from '@apollo/server';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import depthLimit from 'graphql-depth-limit';
import {
  ASTNode,
  DocumentNode,
  FragmentDefinitionNode,
  getOperationAST,
  getVariableValues,
  GraphQLEnumType,
  GraphQLEnumValueConfigMap,
  GraphQLError,
  GraphQLFieldConfig,
  GraphQLSchema,
  Kind,
  ValidationRule,
  visit,
} from 'graphql';
import { ComplexityEstimator, getComplexity } from 'graphql-query-complexity';

/** A coded 400 that Apollo answers with HTTP 400 (without `http` an error before execution is a 500). */
function refused(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, status: 400, details: [], http: { status: 400 } } });
}

/**
 * The cost of an operation: every field selection costs 1 (an alias is a selection of its own, so 1,000
 * aliases cost 1,000 times), plus `rootFieldCost` for each selection on Query or Mutation, because each of
 * those runs its own resolver against the database. With the defaults (maximum 2000, root cost 50) an
 * operation runs at most ~39 root resolvers, however it is written.
 */
function operationCostEstimator(schema: GraphQLSchema, rootFieldCost: number): ComplexityEstimator {
  const roots = new Set<string>(
    [schema.getQueryType(), schema.getMutationType()].flatMap((root) => (root ? [root.name] : [])),
  );
  return ({ type, childComplexity }) => (roots.has(type.name) ? rootFieldCost : 1) + childComplexity;
}

/** The code of an argument or variable GraphQL cannot take (a wrong enum spelling, a wrong type, a missing field). */
export const BAD_USER_INPUT = 'BAD_USER_INPUT';
/** Marks a validation error as the caller's input until `formatError` gives it its code. */
const INPUT_MARK = 'userInput';

interface InputDetail {
  field: string;
  message: string;
}

function badUserInput(details: InputDetail[]): GraphQLError {
  const message = details.map((d) => d.message).join('; ');
  return new GraphQLError(message, {
    extensions: { code: BAD_USER_INPUT, status: 400, details, http: { status: 400 } },
  });
}

/**
 * Where each node inside an argument value sits, as the path a caller reads: `filter.category`,
 * `input.values[2].code` (the argument name first).
 */
function argumentPaths(document: DocumentNode): Map<ASTNode, string> {
  const paths = new Map<ASTNode, string>();
  const names: string[] = [];
  const pushed: boolean[] = [];
  visit(document, {
    enter(node, key, _parent, _path, ancestors) {
      let name: string | undefined;
      if (node.kind === Kind.ARGUMENT || node.kind === Kind.OBJECT_FIELD) name = node.name.value;
      else if (
        names.length &&
        typeof key === 'number' &&
        ancestors.at(-1) &&
        'kind' in (ancestors.at(-1) as object)
      )
        name = (ancestors.at(-1) as ASTNode).kind === Kind.LIST ? `[${key}]` : undefined;
      if (name !== undefined) names.push(name);
      pushed.push(name !== undefined);
      if (names.length) paths.set(node, names.join('.').replace(/\.\[/gu, '['));
    },
    leave() {
      if (pushed.pop()) names.pop();
    },
  });
  return paths;
}

/** The input field a validation error is about, or undefined when it is about the document itself. */
function inputFieldOf(error: GraphQLError, paths: Map<ASTNode, string>): string | undefined {
  const required = /argument "([^"]+)" of type "[^"]+" is required/u.exec(error.message);
  if (required) return required[1];
  const node = error.nodes?.[0];
  const path = node ? paths.get(node) : undefined;
  if (path === undefined) return undefined;
  // an input object without a required field: the error is on the object, name the field
  const missing = /^Field "[^".]+\.([^"]+)" of required type "[^"]+" was not provided/u.exec(error.message);
  return missing ? `${path}.${missing[1]}` : path;
}

/**
 * Arguments GraphQL cannot take, written in the document or sent as variables, answer 400
 * BAD_USER_INPUT with `details: [{ field, message }]` (docs/graphql.md); errors in the document itself
 * (an unknown field, a fragment cycle) stay GRAPHQL_VALIDATION_FAILED.
 */
function userInputErrors(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async validationDidStart({ document }) {
          return async (errors?: readonly Error[]) => {
            if (!errors?.length) return;
            const paths = argumentPaths(document);
            for (const error of errors) {
              if (!(error instanceof GraphQLError)) continue;
              const field = inputFieldOf(error, paths);
              if (field === undefined) continue;
              Object.assign(error.extensions, {
                [INPUT_MARK]: true,
                status: 400,
                details: [{ field, message: error.message }],
              });
            }
          };
        },
        async didResolveOperation({ request, document, schema }) {
          const operation = getOperationAST(document, request.operationName);
          if (!operation?.variableDefinitions?.length) return;
          const { errors } = getVariableValues(
            schema,
            operation.variableDefinitions,
            request.variables ?? {},
            {
              maxErrors: 20,
            },
          );
          if (!errors?.length) return;
          throw badUserInput(
            errors.map((error) => {
              const variable = /^Variable "\$([^"]+)"/u.exec(error.message)?.[1] ?? '';
              const at = /got invalid value .*? at "([^"]+)";/u.exec(error.message)?.[1];
              return { field: at ?? variable, message: error.message };
            }),
          );
        },
      };
    },
  };
}

/** Refuses operations whose estimated cost is too high, before anything runs (400 QUERY_TOO_COMPLEX). */
function complexityLimit(max: number, rootFieldCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          let complexity: number;
          try {
            complexity = getComplexity({
              schema,
              operationName: request.operationName,
              query: document,
              variables: request.variables ?? {},
              estimators: [operationCostEstimator(schema, rootFieldCost)],
            });
          } catch (error) {
            // variables that do not coerce (a wrong enum spelling, a wrong type) fail here first: the caller's
            // input, so 400 VALIDATION_FAILED (thrown bare from this hook it was a 500)
            throw refused(error instanceof Error ? error.message : String(error), 'VALIDATION_FAILED');
          }
          if (complexity > max) {
            throw refused(`Query is too complex: ${complexity} (maximum ${max})`, 'QUERY_TOO_COMPLEX');
          }
        },
      };
    },
  };
}

/**
 * Caps an operation's execution time: once `timeoutMs` has passed no further field resolver starts and the
 * operation answers 503 OPERATION_TIMEOUT (a running SQL statement is capped by DB_STATEMENT_TIMEOUT_MS).
 */
function executionTimeLimit(timeoutMs: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async executionDidStart() {
          const deadline = Date.now() + timeoutMs;
          return {
            willResolveField() {
              if (Date.now() > deadline)
                throw new GraphQLError(`The operation ran longer than ${timeoutMs} ms and was stopped`, {
                  extensions: { code: 'OPERATION_TIMEOUT', status: 503, details: [], http: { status: 503 } },
                });
            },
          };
        },
      };
    },
  };
}

/**
 * graphql-depth-limit recurses through fragment spreads without a guard: a fragment cycle (`...A` in B,
 * `...B` in A) or an unknown fragment crashed it (500). Such documents are left to graphql's own rules
 * (NoFragmentCycles, KnownFragmentNames), which refuse them with a validation error (400).
 */
function safeDepthLimit(maxDepth: number): ValidationRule {
  const rule = depthLimit(maxDepth) as ValidationRule;
  return (context) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions)
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    const spreads = (node: ASTNode): string[] => {
      const names: string[] = [];
      visit(node, { FragmentSpread: (spread) => void names.push(spread.name.value) });
      return names;
    };
    // depth-first over fragment → spread edges: any unknown name or back edge makes the document unsafe
    const state = new Map<string, 'open' | 'done'>();
    const unsafe = (name: string): boolean => {
      const fragment = fragments.get(name);
      if (!fragment || state.get(name) === 'open') return true;
      if (state.get(name) === 'done') return false;
      state.set(name, 'open');
      const bad = spreads(fragment.selectionSet).some(unsafe);
      state.set(name, 'done');
      return bad;
    };
    const anyUnsafe = context.getDocument().definitions.some((d) => spreads(d).some(unsafe));
    return anyUnsafe ? {} : rule(context);
  };
}

/**
 * Root resolvers of one operation run at most `limit` at a time, so one caller's operation holds at most
 * that many database connections and other users' requests still find the pool free.
 */
function limitRootConcurrency(schema: GraphQLSchema, limit: number): GraphQLSchema {
  const slots = new WeakMap<object, { running: number; waiting: (() => void)[] }>();
  const wrap = (field: GraphQLFieldConfig<unknown, unknown>): GraphQLFieldConfig<unknown, unknown> => {
    const resolve = field.resolve;
    if (!resolve) return field;
    return {
      ...field,
      resolve: async (source, args, context, info) => {
        const key = (context as object | null) ?? {};
        let slot = slots.get(key);
        if (!slot) slots.set(key, (slot = { running: 0, waiting: [] }));
        const current = slot;
        if (current.running >= limit) await new Promise<void>((go) => current.waiting.push(go));
        else current.running++;
        try {
          return await resolve(source, args, context, info);
        } finally {
          const next = current.waiting.shift();
          if (next) next();
          else current.running--;
        }
      },
    };
  };
  return mapSchema(schema, {
    [MapperKind.QUERY_ROOT_FIELD]: wrap,
    [MapperKind.MUTATION_ROOT_FIELD]: wrap,
  });
}

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/u;

/**
 * One spelling of enum values in REST and GraphQL (docs/graphql.md): every enum whose values are strings is
 * served under those values (`industrial`, `in_progress`), not under the TypeScript keys (`Industrial`,
 * `InProgress`). The values the resolvers see do not change. A value that is not a GraphQL name fails the boot.
 */
export function enumsByValue(type: GraphQLEnumType): GraphQLEnumType {
  const config = type.toConfig();
  if (!Object.values(config.values).every((v) => typeof v.value === 'string')) return type;
  const values: GraphQLEnumValueConfigMap = {};
  for (const value of Object.values(config.values)) {
    const name = value.value as string;
    if (!GRAPHQL_NAME.test(name))
      throw new Error(
        `enum ${type.name}: the value "${name}" is not a GraphQL name and cannot be served as itself`,
      );
    values[name] = { ...value, astNode: undefined };
  }
  return new GraphQLEnumType({ ...config, values });
}

/** `Cannot query field "x" on type "Y". Did you mean "z"?`: the suggestion reveals the schema; production drops it. */
export function withoutSuggestions(message: string): string {
  return message.replace(/\s*Did you mean [^?]*\?/gu, '');
}

export function graphqlOptions(config: AppConfig): ApolloDriverConfig {
  return {
    path: '/graphql',
    // generated in memory; the committed SDL (apps/api/src/schema.gql) is checked by a test
    autoSchemaFile: true,
    sortSchema: true,
    // every DateTime (Date fields, inputs and args) read by the platform's one date-time rule (docs/dates.md)
    transformSchema: (schema) =>
      limitRootConcurrency(
        mapSchema(schema, {
          [MapperKind.SCALAR_TYPE]: (type) => (type.name === GraphQLDateTime.name ? GraphQLDateTime : type),
          [MapperKind.ENUM_TYPE]: enumsByValue,
        }),
        config.GRAPHQL_ROOT_CONCURRENCY,
      ),
    introspection: !config.isProduction,
    playground: false,
    graphiql: false,
    includeStacktraceInErrorResponses: false,
    context: ({ req, res }: { req: unknown; res: unknown }) => ({ req, res }),
    validationRules: [safeDepthLimit(config.GRAPHQL_MAX_DEPTH)],
    plugins: [
      // before the cost estimate: that reads the variables too, and their errors are the caller's input
      userInputErrors(),
      complexityLimit(config.GRAPHQL_MAX_COMPLEXITY, config.GRAPHQL_ROOT_FIELD_COST),
      executionTimeLimit(config.GRAPHQL_TIMEOUT_MS),
    ],
    formatError: (formatted) => {
      const extensions = { ...(formatted.extensions ?? {}) };
      if (extensions[INPUT_MARK]) {
        delete extensions[INPUT_MARK];
        extensions['code'] = BAD_USER_INPUT;
      }
      if (config.isProduction && Array.isArray(extensions['details']))
        extensions['details'] = (extensions['details'] as { message?: unknown }[]).map((d) =>
          typeof d.message === 'string' ? { ...d, message: withoutSuggestions(d.message) } : d,
        );
      delete extensions['stacktrace'];
      delete extensions['originalError'];
      extensions['requestId'] ??= RequestContextStore.get()?.requestId ?? 'none';
      extensions['details'] ??= [];
      const message = config.isProduction ? withoutSuggestions(formatted.message) : formatted.message;
      return { message, locations: formatted.locations, path: formatted.path, extensions };
    },
  };
}
