import { Input } from 'antd';
import type { Rule } from 'antd/es/form';
import type { I18n } from '../../../i18n/i18n-context';

/** The object in a GeoJSON text (a geometry, a Feature's geometry), or undefined when blank. Throws when invalid. */
export function parseGeometry(text: string | undefined): Record<string, unknown> | undefined {
  if (!text?.trim()) return undefined;
  const value = JSON.parse(text) as Record<string, unknown>;
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
  if (value['type'] === 'Feature' && value['geometry'] && typeof value['geometry'] === 'object')
    return value['geometry'] as Record<string, unknown>;
  return value;
}

/** A form rule: the text parses as a GeoJSON object (the API checks the geometry type and validity). */
export function geometryRule(t: I18n['t'], required = false): Rule {
  return {
    validator: (_, value: string | undefined) => {
      if (!value?.trim())
        return required ? Promise.reject(new Error(t('baseData.geometry.required'))) : Promise.resolve();
      try {
        parseGeometry(value);
        return Promise.resolve();
      } catch {
        return Promise.reject(new Error(t('baseData.geometry.invalid')));
      }
    },
  };
}

/** A GeoJSON text box (paste a Polygon, MultiPolygon or LineString, or a Feature). */
export function GeoJsonInput(props: {
  value?: string;
  onChange?(value: string): void;
  id?: string;
  testId?: string;
}) {
  return (
    <Input.TextArea
      id={props.id}
      rows={4}
      value={props.value}
      onChange={(event) => props.onChange?.(event.target.value)}
      placeholder='{"type":"Polygon","coordinates":[[[87.3,44.0],[87.4,44.0],[87.4,44.1],[87.3,44.0]]]}'
      style={{ fontFamily: 'monospace' }}
      data-testid={props.testId}
    />
  );
}
