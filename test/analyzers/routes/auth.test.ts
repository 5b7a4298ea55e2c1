import { describe, expect, it } from 'vitest';
import { isAuthName } from '../../../analyzers/routes/auth.js';

describe('isAuthName', () => {
  it.each([
    'requireAuth', "passport.authenticate('jwt')", 'JwtAuthGuard', 'login_required', 'PreAuthorize', 'authenticate_user!',
    'RolesGuard', 'isAdmin', 'verifyToken', 'ensureLoggedIn', 'Depends(get_current_user)', 'get_current_active_user', 'clerkMiddleware', 'Secured',
  ])('takes %s as auth', (name) => {
    expect(isAuthName(name)).toBe(true);
  });

  it.each(['cors', 'rateLimit', 'validate', 'express.json', 'helmet', 'bodyParser.json()', 'cache', 'upload.single'])('does not take %s as auth', (name) => {
    expect(isAuthName(name)).toBe(false);
  });
});
