import type { INestApplicationContext } from '@nestjs/common';
import { DomainException, flattenValidationErrors, RequestContextStore } from '@outfall/common';
import { CreateUserDto, UsersService } from '@outfall/iam';
import { Unit } from '@outfall/org';
import { Role, UnitKind } from '@outfall/shared-types';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource } from 'typeorm';
import { SeedService } from './seed/seed.service';

export interface CreateAdminOptions {
  username: string;
  /** Display name (default: the username). */
  name?: string;
  /** Name of the unit the administrator belongs to (default: the ecology & environment branch). */
  unit?: string;
  password: string;
}

/** A refusal the operator can act on: printed as is, exit code 1. */
export class CommandError extends Error {}

/** Parses `create-admin --username <u> [--name <n>] [--unit <unit name>]`; a password argument is refused. */
export function parseCreateAdminArgs(args: string[]): Omit<CreateAdminOptions, 'password'> {
  const value = (flag: string): string | undefined => {
    const index = args.indexOf(flag);
    if (index < 0) return undefined;
    const next = args[index + 1];
    if (next === undefined || next.startsWith('--')) throw new CommandError(`${flag} needs a value`);
    return next;
  };
  if (args.some((arg) => /^--pass(word)?(=|$)/.test(arg)))
    throw new CommandError(
      'the password is never taken as an argument (it would be visible in the process list and shell history): ' +
        'set ADMIN_PASSWORD or pipe it on stdin',
    );
  const username = value('--username');
  if (!username)
    throw new CommandError(
      'usage: cli.js create-admin --username <username> [--name <display name>] [--unit <unit>]',
    );
  return { username, name: value('--name'), unit: value('--unit') };
}

/** The password from ADMIN_PASSWORD, else the first line of stdin (prompted, not echoed, on a terminal). */
export async function readAdminPassword(
  env: Record<string, string | undefined> = process.env,
  stdin: NodeJS.ReadStream = process.stdin,
): Promise<string> {
  const fromEnv = env['ADMIN_PASSWORD'];
  if (fromEnv) return fromEnv;
  if (stdin.isTTY) {
    process.stderr.write('Password for the new administrator: ');
    stdin.setRawMode(true);
  }
  const chunks: Buffer[] = [];
  const password = await new Promise<string>((resolve, reject) => {
    const done = () => {
      stdin.off('data', onData);
      stdin.off('end', done);
      if (stdin.isTTY) {
        stdin.setRawMode(false);
        process.stderr.write('\n');
      }
      stdin.pause();
      resolve(Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0]);
    };
    const onData = (chunk: Buffer) => {
      if (stdin.isTTY && chunk.includes(3)) return reject(new CommandError('cancelled'));
      chunks.push(chunk);
      if (chunk.includes(10) || chunk.includes(13)) done();
    };
    stdin.on('data', onData);
    stdin.once('end', done);
    stdin.resume();
  });
  if (!password) throw new CommandError('no password: set ADMIN_PASSWORD or pipe the password on stdin');
  return password;
}

/**
 * Creates a system administrator (the first one of a production install, which has no demo accounts): the
 * same rules as the API's user creation (username format, password strength, unique username), audited
 * as done by `system` with request id `cli:create-admin`. The divisions and units are loaded first when the
 * database has none (the seed, which adds no accounts in production).
 */
export async function createAdminCommand(
  app: INestApplicationContext,
  options: CreateAdminOptions,
  log: (line: string) => void = console.log,
): Promise<{ id: string; username: string; unit: string }> {
  const seed = app.get(SeedService);
  if (await seed.isEmpty()) await seed.run();
  const units = app.get(DataSource).getRepository(Unit);
  const unit = options.unit
    ? await units.findOneBy({ name: options.unit })
    : ((await units.findOne({ where: { kind: UnitKind.EcologyBranch }, order: { name: 'ASC' } })) ??
      (await units.findOne({ where: {}, order: { name: 'ASC' } })));
  if (!unit)
    throw new CommandError(
      options.unit
        ? `there is no unit named "${options.unit}"`
        : 'there is no unit to put the administrator in',
    );
  const input = plainToInstance(CreateUserDto, {
    username: options.username,
    displayName: options.name ?? options.username,
    password: options.password,
    role: Role.SystemAdmin,
    unitId: unit.id,
  });
  const problems = flattenValidationErrors(await validate(input, { whitelist: true }));
  if (problems.length) throw new CommandError(problems.map((p) => p.message).join('; '));
  try {
    const user = await RequestContextStore.run({ requestId: 'cli:create-admin' }, () =>
      app.get(UsersService).create(input),
    );
    log(`created administrator ${user.username} (${user.id}) in ${unit.name}`);
    return { id: user.id, username: user.username, unit: unit.name };
  } catch (error) {
    if (error instanceof DomainException) {
      const detail = error.details.map((d) => d.message).join('; ');
      if (error.code === 'IAM_USERNAME_TAKEN')
        throw new CommandError(`the username "${options.username}" already exists; choose another`);
      throw new CommandError(
        detail && detail !== error.message ? `${error.message}: ${detail}` : error.message,
      );
    }
    throw error;
  }
}
