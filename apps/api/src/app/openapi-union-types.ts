/** Where @nestjs/swagger keeps a property's decorator options (its `API_MODEL_PROPERTIES`, not exported). */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

type Type = abstract new (...args: never[]) => unknown;
type PropertyMeta = { type?: unknown; [key: string]: unknown };
/** What `tools/openapi-metadata.js` writes: per model file, its classes' properties as the plugin read them. */
type PluginMetadata = {
  '@nestjs/swagger'?: {
    models?: [Promise<Record<string, unknown>>, Record<string, Record<string, PropertyMeta>>][];
  };
};

/**
 * An explicit `@ApiProperty({ nullable: true })` on a `string | null` property carries TypeScript's design type,
 * which for a union is `Object`; Swagger lets the decorator win over the plugin's reading of the type, and the
 * contract then says "an object". Where the decorator's type is that `Object` and the plugin knows better, the
 * plugin's type (String, Number, Date, a class, an array of them) is put on the decorator; everything else the
 * decorator says (description, example, nullable, enum) stays. Returns the properties it corrected.
 */
export async function preferPluginTypesOverUnionObjects(metadata: unknown): Promise<string[]> {
  const corrected: string[] = [];
  const models = (metadata as PluginMetadata)['@nestjs/swagger']?.models ?? [];
  for (const [moduleImport, classes] of models) {
    const module = await moduleImport;
    for (const [className, properties] of Object.entries(classes)) {
      const cls = module[className] as Type | undefined;
      if (!cls) continue;
      for (const [property, plugin] of Object.entries(properties)) {
        const declared = Reflect.getMetadata(API_MODEL_PROPERTIES, cls.prototype, property) as
          PropertyMeta | undefined;
        if (!declared || declared.type !== Object || typeof plugin.type !== 'function') continue;
        const derived = (plugin.type as () => unknown)();
        const [type, isArray] = Array.isArray(derived) ? [derived[0], true] : [derived, false];
        if (!type || type === Object) continue;
        const next: PropertyMeta = { ...declared, type };
        if (isArray) next['isArray'] = true;
        for (const key of ['enum', 'enumName', 'format'] as const) {
          if (next[key] === undefined && plugin[key] !== undefined) next[key] = plugin[key];
        }
        Reflect.defineMetadata(API_MODEL_PROPERTIES, next, cls.prototype, property);
        corrected.push(`${className}.${property}`);
      }
    }
  }
  return corrected;
}
