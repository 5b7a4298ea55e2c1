/**
 * Which middleware, guards and decorators are about authentication or authorisation, by name: the
 * seeds' "Auth" column asks for what a reader of the declaration sees, not what the code does.
 * `requireAuth`, `passport.authenticate('jwt')`, `JwtAuthGuard`, `login_required`,
 * `@PreAuthorize`, `authenticate_user!`, `RolesGuard`, `isAdmin`, `verifyToken` are; `cors`,
 * `rateLimit`, `validate`, `express.json` are not.
 */
const AUTH_WORDS = /auth|login|logged|jwt|passport|guard|protect|session|token|permission|role|admin|acl|verify|signed|bearer|apikey|api_key|oauth|clerk|firebase|keycloak|credential|secured|principal|require_user|current_\w*user/i;

export function isAuthName(name: string): boolean {
  return AUTH_WORDS.test(name);
}
