import { z } from 'zod';

/**
 * `/api/auth/*` responses. Objects are not strict: the server may add fields.
 * The session token is never in these bodies; it arrives only in `Set-Cookie: session_token`.
 */

/** Login and verify-totp always answer 200; `success:false` carries the reason in `error`. */
export const LoginResponseSchema = z.object({
  success: z.boolean(),
  error: z.string().nullable().optional(),
  /** The signed-in user on success, `{mfa_token}` when a TOTP step follows, else absent or null. */
  user: z.record(z.string(), z.unknown()).nullable().optional(),
});
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

export const LoginUserSchema = z.object({
  username: z.string(),
  displayName: z.string(),
  role: z.string(),
});
export type LoginUser = z.infer<typeof LoginUserSchema>;

export const MfaChallengeSchema = z.object({
  mfa_token: z.string().min(1),
});

/** `GET /api/auth/me`. The OpenAPI document also allows a 200 with `null`: no valid session. */
export const MeResponseSchema = z.object({
  // A string in the OpenAPI document; some deployments' ids are integers. Either names the keychain entries.
  id: z.union([z.string().min(1), z.number().int().transform(String)]),
  username: z.string(),
  displayName: z.string(),
  role: z.string(),
});
export type MeResponse = z.infer<typeof MeResponseSchema>;

export const LogoutResponseSchema = z.object({
  success: z.boolean(),
});
