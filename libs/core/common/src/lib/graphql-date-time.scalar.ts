import { GraphQLScalarType, Kind } from 'graphql';
import { parseInstant } from './calendar-day';

/**
 * GraphQL's `DateTime`, read by the same rule as REST (docs/dates.md): an offset as written, none → Beijing
 * wall-clock time, a date alone → 00:00 Beijing. Replaces @nestjs/graphql's default, whose `new Date(text)`
 * reads an offset-less time in the server's zone and rolls 2023-02-30 over into March. Text that is not a
 * real date-time becomes an invalid Date, so the DTO's `@Instant()` refuses it with the field named, in the
 * same error shape as REST.
 */
export const GraphQLDateTime = new GraphQLScalarType({
  name: 'DateTime',
  description:
    'A date-time string at UTC, such as 2019-12-03T09:54:33Z, compliant with the date-time format.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : null),
  parseValue: (value) => parseInstant(value, { allowDay: true }) ?? new Date(Number.NaN),
  parseLiteral: (ast) =>
    ast.kind === Kind.STRING ? (parseInstant(ast.value, { allowDay: true }) ?? new Date(Number.NaN)) : null,
});
