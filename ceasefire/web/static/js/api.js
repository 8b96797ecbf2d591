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

// The zones hardly change while the page is open; every view needs them (nav, filters, map).
let zonesPromise = null;
export function zones() {
  zonesPromise ??= getJson('/api/zones').catch((error) => {
    zonesPromise = null;
    throw error;
  });
  return zonesPromise;
}
