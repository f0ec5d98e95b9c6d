// Fetch helpers for ledgerd's API. Every failure becomes an ApiError with
// the HTTP status (0 for a network failure) and the problem's `detail`.

import { t } from './i18n.js';

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
    this.detail = detail;
  }
}

async function request(path) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: 'application/json, text/plain, */*' } });
  } catch {
    throw new ApiError(0, t('state.network'));
  }
  if (response.ok) return response;
  let detail = `${response.status} ${response.statusText}`;
  try {
    const problem = await response.json();
    if (problem && typeof problem.detail === 'string') detail = problem.detail;
  } catch { /* not a problem document: keep the status line */ }
  throw new ApiError(response.status, detail);
}

export async function getJSON(path) { return (await request(path)).json(); }
export async function getText(path) { return (await request(path)).text(); }
export async function getBytes(path) { return new Uint8Array(await (await request(path)).arrayBuffer()); }

export const io = { json: getJSON, text: getText, bytes: getBytes };

export const enc = encodeURIComponent;
