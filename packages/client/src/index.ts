export { type ApiClient, createClient } from './client';
export { ApiError, detailToMessage, type ErrorDetailValue, errorFromResponse, isApiError } from './errors';
export { buildPath, type ClientOptions, type FetchLike, type QueryValue } from './http';
export * from './types';
