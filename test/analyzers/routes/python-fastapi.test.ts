import { describe, expect, it } from 'vitest';
import type { DeclaredRoute, Mount } from '../../../analyzers/routes/model.js';
import { pythonRouteExtractor } from '../../../analyzers/routes/extractors/python.js';

const lines = (...text: string[]) => text.join('\n');
const extract = (text: string, path = 'app/main.py') => pythonRouteExtractor.extract(text, path);
const route = (method: string, path: string, line: number, fields: Partial<DeclaredRoute> = {}): DeclaredRoute => ({
  method,
  path,
  dynamic: false,
  framework: 'fastapi',
  line,
  handler: null,
  auth: [],
  middleware: [],
  group: null,
  ...fields,
});
const mount = (fields: Pick<Mount, 'parent' | 'prefix' | 'target' | 'line'> & Partial<Mount>): Mount => ({ dynamic: false, auth: [], ...fields });

describe('python routes: FastAPI', () => {
  it('writes a router prefix into its routes and gives them the router dependencies', () => {
    // app/routers/items.py of "Bigger Applications - Multiple Files".
    const text = lines(
      'from fastapi import APIRouter, Depends, HTTPException',
      '',
      'from ..dependencies import get_token_header',
      '',
      'router = APIRouter(',
      '    prefix="/items",',
      '    tags=["items"],',
      '    dependencies=[Depends(get_token_header)],',
      '    responses={404: {"description": "Not found"}},',
      ')',
      '',
      '@router.get("/")',
      'async def read_items():',
      '    return fake_items_db',
      '',
      '@router.get("/{item_id}")',
      'async def read_item(item_id: str):',
      '    pass',
      '',
      '@router.put(',
      '    "/{item_id}",',
      '    tags=["custom"],',
      '    responses={403: {"description": "Operation forbidden"}},',
      ')',
      'async def update_item(item_id: str):',
      '    pass',
      '',
      '@router.post("")',
      'async def create_item():',
      '    pass',
    );
    const onRouter = { group: 'router', auth: ['Depends(get_token_header)'] };
    const extraction = extract(text, 'app/routers/items.py');
    expect(extraction.routes).toEqual([
      route('GET', '/items/', 12, { handler: 'read_items', ...onRouter }),
      route('GET', '/items/{item_id}', 16, { handler: 'read_item', ...onRouter }),
      route('PUT', '/items/{item_id}', 20, { handler: 'update_item', ...onRouter }),
      route('POST', '/items', 28, { handler: 'create_item', ...onRouter }),
    ]);
    expect(extraction.exports).toEqual({ router: 'router' });
  });

  it('mounts routers of other modules with include_router, the application dependencies on each mount', () => {
    // app/main.py of "Bigger Applications - Multiple Files".
    const text = lines(
      'from fastapi import Depends, FastAPI',
      '',
      'from .dependencies import get_query_token, get_token_header',
      'from .internal import admin',
      'from .routers import items, users',
      '',
      'app = FastAPI(dependencies=[Depends(get_query_token)])',
      '',
      'app.include_router(users.router)',
      'app.include_router(items.router)',
      'app.include_router(',
      '    admin.router,',
      '    prefix="/admin",',
      '    tags=["admin"],',
      '    dependencies=[Depends(get_token_header)],',
      '    responses={418: {"description": "I\'m a teapot"}},',
      ')',
      '',
      '@app.get("/")',
      'async def root():',
      '    return {"message": "Hello Bigger Applications!"}',
    );
    const extraction = extract(text);
    expect(extraction.mounts).toEqual([
      mount({ parent: null, prefix: '', target: { kind: 'import', module: '.routers.users', name: 'router' }, line: 9, auth: ['Depends(get_query_token)'] }),
      mount({ parent: null, prefix: '', target: { kind: 'import', module: '.routers.items', name: 'router' }, line: 10, auth: ['Depends(get_query_token)'] }),
      mount({
        parent: null,
        prefix: '/admin',
        target: { kind: 'import', module: '.internal.admin', name: 'router' },
        line: 11,
        auth: ['Depends(get_query_token)', 'Depends(get_token_header)'],
      }),
    ]);
    expect(extraction.routes).toEqual([route('GET', '/', 19, { handler: 'root', auth: ['Depends(get_query_token)'] })]);
    expect(extraction.exports).toEqual({});
  });

  it('nests routers: include_router on a router, absolute and aliased imports', () => {
    const text = lines(
      'from fastapi import APIRouter',
      '',
      'from app.api.routes import items, login',
      'from .endpoints.users import router as users_router',
      '',
      'api_router = APIRouter()',
      'api_router.include_router(login.router)',
      'api_router.include_router(users_router, prefix="/users", tags=["users"])',
      'api_router.include_router(items.router, prefix="/items")',
    );
    const extraction = extract(text, 'app/api/main.py');
    expect(extraction.mounts).toEqual([
      mount({ parent: 'api_router', prefix: '', target: { kind: 'import', module: 'app.api.routes.login', name: 'router' }, line: 7 }),
      mount({ parent: 'api_router', prefix: '/users', target: { kind: 'import', module: '.endpoints.users', name: 'router' }, line: 8 }),
      mount({ parent: 'api_router', prefix: '/items', target: { kind: 'import', module: 'app.api.routes.items', name: 'router' }, line: 9 }),
    ]);
    expect(extraction.exports).toEqual({ api_router: 'api_router' });
  });

  it('takes auth dependencies from the decorator and the signature, in every spelling', () => {
    const text = lines(
      'from typing import Annotated',
      'from fastapi import Depends, FastAPI, Security',
      '',
      'app = FastAPI()',
      'CurrentUser = Annotated[User, Depends(get_current_user)]',
      '',
      '@app.get("/items/", dependencies=[Depends(verify_token), Depends(RateLimiter(times=2, seconds=5))])',
      'async def read_items(db: Session = Depends(get_db)):',
      '    pass',
      '',
      '@app.get("/users/me")',
      'async def read_users_me(current_user: User = Depends(get_current_user)):',
      '    pass',
      '',
      '@app.get("/users/me/items/")',
      'async def read_own_items(',
      '    current_user: Annotated[User, Security(get_user_from_scopes, scopes=["items"])],',
      '    commons: Annotated[dict, Depends(common_parameters)],',
      '):',
      '    pass',
      '',
      '@app.delete("/items/{item_id}")',
      'def delete_item(item_id: int, user: CurrentUser, session: SessionDep):',
      '    pass',
      '',
      '@app.get("/status")',
      'def status(token: str = Depends(oauth2_scheme)):',
      '    pass',
    );
    expect(extract(text).routes).toEqual([
      route('GET', '/items/', 7, { handler: 'read_items', auth: ['Depends(verify_token)'], middleware: ['Depends(RateLimiter(times=2, seconds=5))'] }),
      route('GET', '/users/me', 11, { handler: 'read_users_me', auth: ['Depends(get_current_user)'] }),
      route('GET', '/users/me/items/', 15, { handler: 'read_own_items', auth: ['Security(get_user_from_scopes, scopes=["items"])'] }),
      route('DELETE', '/items/{item_id}', 22, { handler: 'delete_item', auth: ['Depends(get_current_user)'] }),
      route('GET', '/status', 26, { handler: 'status', auth: ['Depends(oauth2_scheme)'] }),
    ]);
  });

  it('reads api_route methods, websockets, add_api_route and sub-application mounts', () => {
    const text = lines(
      'from fastapi import FastAPI, WebSocket',
      'from fastapi.staticfiles import StaticFiles',
      '',
      'app = FastAPI()',
      'subapi = FastAPI()',
      '',
      '@app.api_route("/files/{file_path:path}", methods=["GET", "HEAD"])',
      'async def read_file(file_path: str):',
      '    pass',
      '',
      '@app.api_route("/legacy")',
      'async def legacy():',
      '    pass',
      '',
      '@app.websocket("/ws")',
      'async def websocket_endpoint(websocket: WebSocket):',
      '    pass',
      '',
      '@subapi.get("/sub")',
      'def read_sub():',
      '    pass',
      '',
      'app.add_api_route("/health", health_check, methods=["GET"], dependencies=[Depends(api_key_auth)])',
      'app.mount("/static", StaticFiles(directory="static"), name="static")',
      'app.mount("/subapi", subapi)',
    );
    const extraction = extract(text);
    expect(extraction.routes).toEqual([
      route('GET', '/files/{file_path:path}', 7, { handler: 'read_file' }),
      route('HEAD', '/files/{file_path:path}', 7, { handler: 'read_file' }),
      route('GET', '/legacy', 11, { handler: 'legacy' }),
      route('WEBSOCKET', '/ws', 15, { handler: 'websocket_endpoint' }),
      // A mounted application is a group of its own, not the root.
      route('GET', '/sub', 19, { handler: 'read_sub', group: 'subapi' }),
      route('GET', '/health', 23, { handler: 'health_check', auth: ['Depends(api_key_auth)'] }),
    ]);
    expect(extraction.mounts).toEqual([mount({ parent: null, prefix: '/subapi', target: { kind: 'local', name: 'subapi' }, line: 25 })]);
    expect(extraction.exports).toEqual({ subapi: 'subapi' });
  });
});
