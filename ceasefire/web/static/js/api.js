// The API client: JSON over fetch, query strings from plain objects, errors in the API's shape.

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

/** A path with its query: arrays repeat the key (type=ASSAULT&type=COERCE), blanks are left out. */
export function withQuery(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== null && item !== undefined && item !== '') query.append(key, String(item));
    }
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

export async function getJson(path, params = {}) {
  const response = await fetch(withQuery(path, params), {headers: {Accept: 'application/json'}});
  let body = null;
  try {
    body = await response.json();
  } catch {
    // an error page that is not JSON: the status text says enough
  }
  if (!response.ok) {
    throw new ApiError(body?.error?.message || response.statusText, response.status);
  }
  return body;
}

/** A getter that fetches `path` once per page load and keeps the answer (a failure is tried again). */
function fetchedOnce(path) {
  let promise = null;
  return () => {
    promise ??= getJson(path).catch((error) => {
      promise = null;
      throw error;
    });
    return promise;
  };
}

// The zones hardly change while the page is open; every view needs them (nav, filters, map).
export const zones = fetchedOnce('/api/zones');
// The PLOVER types, in their order (cooperation to conflict): the API's list, never a copy of it.
export const eventTypes = fetchedOnce('/api/types');
// The event statuses, asserted (what happened, the API's default) first.
export const eventStatuses = fetchedOnce('/api/statuses');
