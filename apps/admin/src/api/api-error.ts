import type { ApiErrorBody } from '@outfall/shared-types';

/** Codes the client itself produces when there is no API answer to show. */
export const CLIENT_ERROR_CODES = { network: 'NETWORK_ERROR', badResponse: 'BAD_RESPONSE' } as const;

/** A failed API call, carrying the API's error body (`{ code, message, details, requestId }`). */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
  }

  get code(): string {
    return this.body.code;
  }

  /** Field messages from `details`, keyed by field name (the first message per field wins). */
  fieldErrors(): Map<string, string> {
    const fields = new Map<string, string>();
    for (const { field, message } of this.body.details) if (!fields.has(field)) fields.set(field, message);
    return fields;
  }

  /** Every message per field (a field can break several rules at once), in the API's order. */
  allFieldErrors(): Map<string, string[]> {
    const fields = new Map<string, string[]>();
    for (const { field, message } of this.body.details)
      fields.set(field, [...(fields.get(field) ?? []), message]);
    return fields;
  }
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Partial<ApiErrorBody>;
  return typeof body.code === 'string' && typeof body.message === 'string';
}

/** Builds an ApiError from a non-2xx response, tolerating bodies that are not the API's error shape. */
export async function apiErrorFrom(response: Response): Promise<ApiError> {
  const raw: unknown = await response.json().catch(() => null);
  if (isErrorBody(raw)) {
    return new ApiError(response.status, {
      code: raw.code,
      message: raw.message,
      details: Array.isArray(raw.details) ? raw.details : [],
      requestId: typeof raw.requestId === 'string' ? raw.requestId : '',
    });
  }
  return new ApiError(response.status, {
    code: CLIENT_ERROR_CODES.badResponse,
    message: `${response.status} ${response.statusText}`.trim(),
    details: [],
    requestId: response.headers.get('X-Request-Id') ?? '',
  });
}

export function networkError(cause: unknown): ApiError {
  return new ApiError(0, {
    code: CLIENT_ERROR_CODES.network,
    message: cause instanceof Error ? cause.message : String(cause),
    details: [],
    requestId: '',
  });
}
