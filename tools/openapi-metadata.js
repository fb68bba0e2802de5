#!/usr/bin/env node
// Writes apps/api/src/openapi-metadata.ts: what the @nestjs/swagger compiler plugin derives from the sources
// (property types, optionality and class-validator rules of DTOs and entities, JSDoc descriptions, handler
// return types and JSDoc summaries). The API is built with plain `tsc` and tested with SWC, so neither can run
// the plugin as a transformer; instead its ReadonlyVisitor runs here over the TypeScript program (the route
// Nest CLI takes for SWC builds) and the app loads the result with `SwaggerModule.loadPluginMetadata` before
// it builds the document. Build and tests therefore serve the same OpenAPI document.
//
// Usage: `node tools/openapi-metadata.js` (writes), `node tools/openapi-metadata.js --check` (exit 1 when the
// committed file is stale), `--print` (to standard output). `npm run openapi` runs this and then rewrites apps/api/openapi.json.
const { readFileSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const ts = require('typescript');
const { ReadonlyVisitor } = require('@nestjs/swagger/plugin');

const ROOT = join(__dirname, '..');
const SOURCE_DIR = join(ROOT, 'apps', 'api', 'src');
const OUTPUT = join(SOURCE_DIR, 'openapi-metadata.ts');
const TSCONFIG = join(ROOT, 'apps', 'api', 'tsconfig.app.json');

const PLUGIN_OPTIONS = {
  introspectComments: true,
  classValidatorShim: true,
  classTransformerShim: false,
  dtoFileNameSuffix: ['.dto.ts', '.entity.ts', '.entities.ts', '.responses.ts', '.view.ts', '.types.ts'],
  controllerFileNameSuffix: ['.controller.ts'],
  controllerKeyOfComment: 'summary',
  dtoKeyOfComment: 'description',
  autoFillEnumName: true,
  pathToSource: SOURCE_DIR,
};

/** Runs the visitor over every source file of the API's program and returns the printed module text. */
function generate() {
  const visitor = new ReadonlyVisitor({ ...PLUGIN_OPTIONS });
  const program = createProgram();
  const files = program
    .getSourceFiles()
    .filter((sf) => !sf.isDeclarationFile && !sf.fileName.includes('/node_modules/'))
    .sort((a, b) => a.fileName.localeCompare(b.fileName));
  for (const sf of files) visitor.visit(program, sf);
  const collected = visitor.collect();
  // an interface or object type alias becomes `t[file].Object` (no such export): it is a plain object
  return print({ [visitor.key]: collected }, visitor.typeImports).replace(
    /t\["[^"]+"\]\.Object\b/g,
    'Object',
  );
}

/**
 * The API's program, read through a host that drops `//` line comments standing before a JSDoc block (in
 * memory only): the plugin hands a node's whole leading text to the TSDoc parser, which finds no summary
 * when it starts with a line comment such as a section heading.
 */
function createProgram() {
  const parsed = ts.getParsedCommandLineOfConfigFile(TSCONFIG, undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic(diagnostic) {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  const host = ts.createCompilerHost(parsed.options, true);
  const read = host.readFile.bind(host);
  host.readFile = (fileName) => {
    const text = read(fileName);
    if (text === undefined || fileName.includes('/node_modules/')) return text;
    return text.replace(/^[ \t]*\/\/[^\n]*\n(?=(?:[ \t]*\/\/[^\n]*\n|[ \t]*\n)*[ \t]*\/\*\*)/gm, '\n');
  };
  return ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host });
}

/** The printer Nest CLI uses for the same purpose (`PluginMetadataPrinter`), with keys in a stable order. */
function print(metadata, typeImports) {
  const f = ts.factory;
  const assign = (identifier, meta) => {
    if (Array.isArray(meta)) {
      const entries = [...meta].sort((a, b) => importKey(a[0]).localeCompare(importKey(b[0])));
      return f.createPropertyAssignment(
        f.createStringLiteral(identifier),
        f.createArrayLiteralExpression(
          entries.map(([importExpr, inner]) =>
            f.createArrayLiteralExpression([
              importExpr,
              f.createObjectLiteralExpression(
                Object.keys(inner)
                  .sort()
                  .map((key) => assign(key, inner[key])),
              ),
            ]),
          ),
        ),
      );
    }
    return f.createPropertyAssignment(
      f.createStringLiteral(identifier),
      ts.isObjectLiteralExpression(meta)
        ? meta
        : f.createObjectLiteralExpression(
            Object.keys(meta)
              .sort()
              .map((key) => assign(key, meta[key])),
          ),
    );
  };
  const body = f.createObjectLiteralExpression(
    Object.keys(metadata).map((key) => assign(key, metadata[key])),
  );
  const imports = f.createVariableStatement(
    undefined,
    f.createVariableDeclarationList(
      [
        f.createVariableDeclaration(
          f.createIdentifier('t'),
          undefined,
          undefined,
          f.createObjectLiteralExpression(
            Object.keys(typeImports)
              .sort()
              .map((key) =>
                f.createPropertyAssignment(
                  f.createComputedPropertyName(f.createStringLiteral(key)),
                  f.createIdentifier(typeImports[key]),
                ),
              ),
            true,
          ),
        ),
      ],
      ts.NodeFlags.Const,
    ),
  );
  const exported = f.createExportAssignment(
    undefined,
    undefined,
    f.createArrowFunction(
      [f.createToken(ts.SyntaxKind.AsyncKeyword)],
      undefined,
      [],
      undefined,
      f.createToken(ts.SyntaxKind.EqualsGreaterThanToken),
      f.createBlock([imports, f.createReturnStatement(body)], true),
    ),
  );
  const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed });
  const file = ts.createSourceFile(
    'openapi-metadata.ts',
    '',
    ts.ScriptTarget.Latest,
    false,
    ts.ScriptKind.TS,
  );
  return (
    '/* eslint-disable */\n' +
    '// Generated by tools/openapi-metadata.js (`npm run openapi`): do not edit by hand.\n' +
    printer.printNode(ts.EmitHint.Unspecified, exported, file) +
    '\n'
  );
}

function importKey(expr) {
  const printer = ts.createPrinter();
  const file = ts.createSourceFile('k.ts', '', ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  return printer.printNode(ts.EmitHint.Unspecified, expr, file);
}

/** Formats with the repository's prettier settings, so the committed file passes format:check. */
async function format(text) {
  const prettier = require('prettier');
  const config = (await prettier.resolveConfig(OUTPUT)) ?? {};
  return prettier.format(text, { ...config, filepath: OUTPUT });
}

async function main() {
  const text = await format(generate());
  const name = relative(ROOT, OUTPUT);
  if (process.argv.includes('--print')) {
    process.stdout.write(text);
    return;
  }
  if (process.argv.includes('--check')) {
    const current = readFileSync(OUTPUT, 'utf8');
    if (current !== text) {
      console.error(`${name} is stale: run \`npm run openapi\` and commit the result`);
      process.exit(1);
    }
    console.log(`${name} is up to date`);
    return;
  }
  writeFileSync(OUTPUT, text);
  console.log(`wrote ${name}`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

module.exports = { generate, format, OUTPUT };
