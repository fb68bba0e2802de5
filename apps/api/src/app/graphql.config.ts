import { ApolloDriverConfig } from '@nestjs/apollo';
import { AppConfig } from '@outfall/config';
import { GraphQLDateTime, RequestContextStore } from '@outfall/common';
import type { ApolloServerPlugin } from '@apollo/server';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import depthLimit from 'graphql-depth-limit';
import { GraphQLError } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

/** Refuses operations whose estimated cost (1 per field, lists ×limit where declared) is too high. */
function complexityLimit(max: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          const complexity = getComplexity({
            schema,
            operationName: request.operationName,
            query: document,
            variables: request.variables ?? {},
            estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
          });
          if (complexity > max) {
            throw new GraphQLError(`Query is too complex: ${complexity} (maximum ${max})`, {
              extensions: { code: 'QUERY_TOO_COMPLEX', status: 400, details: [] },
            });
          }
        },
      };
    },
  };
}

export function graphqlOptions(config: AppConfig): ApolloDriverConfig {
  return {
    path: '/graphql',
    // generated in memory; the committed SDL (apps/api/src/schema.gql) is checked by a test
    autoSchemaFile: true,
    sortSchema: true,
    // every DateTime (Date fields, inputs and args) read by the platform's one date-time rule (docs/dates.md)
    transformSchema: (schema) =>
      mapSchema(schema, {
        [MapperKind.SCALAR_TYPE]: (type) => (type.name === GraphQLDateTime.name ? GraphQLDateTime : type),
      }),
    introspection: !config.isProduction,
    playground: false,
    graphiql: false,
    includeStacktraceInErrorResponses: false,
    context: ({ req, res }: { req: unknown; res: unknown }) => ({ req, res }),
    validationRules: [depthLimit(config.GRAPHQL_MAX_DEPTH)],
    plugins: [complexityLimit(config.GRAPHQL_MAX_COMPLEXITY)],
    formatError: (formatted) => {
      const extensions = { ...(formatted.extensions ?? {}) };
      delete extensions['stacktrace'];
      delete extensions['originalError'];
      extensions['requestId'] ??= RequestContextStore.get()?.requestId ?? 'none';
      extensions['details'] ??= [];
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions };
    },
  };
}
