import { describe, expect, it } from 'vitest';
import { railsRouteExtractor } from '../../../analyzers/routes/extractors/rails.js';
import type { DeclaredRoute } from '../../../analyzers/routes/model.js';

const lines = (...text: string[]): string => text.join('\n') + '\n';
const extract = (text: string, path = 'config/routes.rb') => railsRouteExtractor.extract(text, path);
const draw = (...body: string[]) => lines('Rails.application.routes.draw do', ...body.map((l) => `  ${l}`), 'end');

/** A Rails route: final path, no group, no middleware. */
const route = (method: string, path: string, line: number, handler: string | null, more: Partial<DeclaredRoute> = {}): DeclaredRoute => ({
  method,
  path,
  dynamic: false,
  framework: 'rails',
  line,
  handler,
  auth: [],
  middleware: [],
  group: null,
  ...more,
});

describe('rails routes', () => {
  it('reads verbs, match … via:, root and the hash-rocket shorthand', () => {
    const text = draw(
      "root 'pages#home'",
      "get 'photos/:id', to: 'photos#show'",
      "post 'photos', to: 'photos#create'",
      "put 'photos/:id', to: 'photos#update'",
      "patch 'photos/:id', to: 'photos#update'",
      "delete 'photos/:id', to: 'photos#destroy'",
      "match 'photos', to: 'photos#show', via: [:get, :post]",
      "match 'anything', to: 'pages#any', via: :all",
      "get 'photos/search'",
      "get 'legacy' => 'pages#legacy'",
      "get '/stories', to: redirect('/articles')",
    );
    expect(extract(text).routes).toEqual([
      route('GET', '/', 2, 'pages#home'),
      route('GET', '/photos/:id', 3, 'photos#show'),
      route('POST', '/photos', 4, 'photos#create'),
      route('PUT', '/photos/:id', 5, 'photos#update'),
      route('PATCH', '/photos/:id', 6, 'photos#update'),
      route('DELETE', '/photos/:id', 7, 'photos#destroy'),
      route('GET', '/photos', 8, 'photos#show'),
      route('POST', '/photos', 8, 'photos#show'),
      route('ALL', '/anything', 9, 'pages#any'),
      route('GET', '/photos/search', 10, 'photos#search'),
      route('GET', '/legacy', 11, 'pages#legacy'),
      route('GET', '/stories', 12, "redirect('/articles')"),
    ]);
  });

  it('expands resources into the seven actions, with only: and except:, and resource without index or :id', () => {
    const text = draw(
      'resources :photos',
      'resources :comments, only: [:index, :show]',
      'resources :videos, except: %i[new edit destroy]',
      'resource :profile, only: :show',
      'resource :geocoder',
    );
    expect(extract(text).routes).toEqual([
      route('GET', '/photos', 2, 'photos#index'),
      route('POST', '/photos', 2, 'photos#create'),
      route('GET', '/photos/new', 2, 'photos#new'),
      route('GET', '/photos/:id/edit', 2, 'photos#edit'),
      route('GET', '/photos/:id', 2, 'photos#show'),
      route('PATCH', '/photos/:id', 2, 'photos#update'),
      route('PUT', '/photos/:id', 2, 'photos#update'),
      route('DELETE', '/photos/:id', 2, 'photos#destroy'),
      route('GET', '/comments', 3, 'comments#index'),
      route('GET', '/comments/:id', 3, 'comments#show'),
      route('GET', '/videos', 4, 'videos#index'),
      route('POST', '/videos', 4, 'videos#create'),
      route('GET', '/videos/:id', 4, 'videos#show'),
      route('PATCH', '/videos/:id', 4, 'videos#update'),
      route('PUT', '/videos/:id', 4, 'videos#update'),
      route('GET', '/profile', 5, 'profiles#show'),
      route('POST', '/geocoder', 6, 'geocoders#create'),
      route('GET', '/geocoder/new', 6, 'geocoders#new'),
      route('GET', '/geocoder/edit', 6, 'geocoders#edit'),
      route('GET', '/geocoder', 6, 'geocoders#show'),
      route('PATCH', '/geocoder', 6, 'geocoders#update'),
      route('PUT', '/geocoder', 6, 'geocoders#update'),
      route('DELETE', '/geocoder', 6, 'geocoders#destroy'),
    ]);
  });

  it('nests resources under :parent_id and reads member, collection and on:', () => {
    const text = draw(
      'resources :magazines, only: [:show] do',
      '  resources :ads, only: [:index, :create]',
      'end',
      'resources :photos, only: [] do',
      '  member do',
      "    get 'preview'",
      '  end',
      '  collection do',
      '    get :search',
      '  end',
      "  get 'similar', on: :member",
      "  post 'tag'",
      'end',
    );
    expect(extract(text).routes).toEqual([
      route('GET', '/magazines/:id', 2, 'magazines#show'),
      route('GET', '/magazines/:magazine_id/ads', 3, 'ads#index'),
      route('POST', '/magazines/:magazine_id/ads', 3, 'ads#create'),
      route('GET', '/photos/:id/preview', 7, 'photos#preview'),
      route('GET', '/photos/search', 10, 'photos#search'),
      route('GET', '/photos/:id/similar', 12, 'photos#similar'),
      route('POST', '/photos/:photo_id/tag', 13, 'photos#tag'),
    ]);
  });

  it('applies namespace, scope (path, module, controller) and controller blocks', () => {
    const text = draw(
      'namespace :admin do',
      '  resources :articles, only: :index',
      "  get 'stats', to: 'dashboard#stats'",
      "  root to: 'dashboard#index'",
      'end',
      "scope '/api' do",
      '  scope module: :v1 do',
      "    get 'status', to: 'health#show'",
      '  end',
      'end',
      "scope path: 'shop', module: 'store' do",
      '  resources :orders, only: :show',
      'end',
      'controller :sessions do',
      "  get 'login', action: :new",
      "  delete 'logout', action: :destroy",
      'end',
    );
    expect(extract(text).routes).toEqual([
      route('GET', '/admin/articles', 3, 'admin/articles#index'),
      route('GET', '/admin/stats', 4, 'admin/dashboard#stats'),
      route('GET', '/admin', 5, 'admin/dashboard#index'),
      route('GET', '/api/status', 9, 'v1/health#show'),
      route('GET', '/shop/orders/:id', 13, 'store/orders#show'),
      route('GET', '/login', 16, 'sessions#new'),
      route('DELETE', '/logout', 17, 'sessions#destroy'),
    ]);
  });

  it('replays concerns, gives Devise authenticate blocks as auth, and reads mounts', () => {
    const text = draw(
      'concern :commentable do',
      '  resources :comments, only: :index',
      'end',
      'resources :messages, only: [], concerns: :commentable',
      'authenticate :user, lambda { |u| u.admin? } do',
      "  mount Sidekiq::Web => '/sidekiq'",
      '  resources :reports, only: :index',
      'end',
      "mount Blog::Engine, at: '/blog'",
    );
    const admin = { auth: ['authenticate :user, lambda { |u| u.admin? }'] };
    expect(extract(text).routes).toEqual([
      route('GET', '/messages/:message_id/comments', 3, 'comments#index'),
      route('ALL', '/sidekiq', 7, 'Sidekiq::Web', admin),
      route('GET', '/reports', 8, 'reports#index', admin),
      route('ALL', '/blog', 10, 'Blog::Engine'),
    ]);
  });

  it('keeps the literal parts of an interpolated or computed path and marks it dynamic', () => {
    const text = draw(
      'API_VERSION = "v2"',
      'get "#{API_VERSION}/items", to: \'items#index\'',
      "%w[about terms].each do |page|",
      "  get page, to: 'pages#show'",
      'end',
      'scope "/#{locale}" do',
      "  resources :posts, only: :index",
      'end',
    );
    expect(extract(text).routes).toEqual([
      route('GET', '/{…}/items', 3, 'items#index', { dynamic: true }),
      route('GET', '/{…}', 5, 'pages#show', { dynamic: true }),
      route('GET', '/{…}/posts', 8, 'posts#index', { dynamic: true }),
    ]);
  });

  it('ignores routes in comments and strings, and verbs outside the draw block', () => {
    const text = lines(
      "get 'outside', to: 'pages#outside'",
      'class Client',
      '  def fetch',
      "    get 'https://example.com/api'",
      '  end',
      'end',
      'Rails.application.routes.draw do',
      "  # get 'commented', to: 'pages#commented'",
      '=begin',
      "  get 'block_comment', to: 'pages#x'",
      '=end',
      "  note = \"get 'in_string', to: 'pages#string'\"",
      "  get 'real', to: 'pages#real' # get 'trailing'",
      'end',
      "post 'after', to: 'pages#after'",
    );
    expect(extract(text).routes).toEqual([route('GET', '/real', 13, 'pages#real')]);
  });

  it('reads a file drawn from config/routes/ whole, and matches only routes files', () => {
    const text = lines('namespace :admin do', '  resources :users, only: :index', 'end');
    expect(extract(text, 'config/routes/admin.rb').routes).toEqual([route('GET', '/admin/users', 2, 'admin/users#index')]);
    expect(extract(text, 'config/routes.rb').routes).toEqual([]);
    expect(['config/routes.rb', 'config/routes/admin.rb', 'engines/blog/config/routes.rb', 'app/models/route.rb', 'config/routes.yml'].map(railsRouteExtractor.matches)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('reads a block written with braces, and a hash argument that is not a block', () => {
    const text = draw('namespace(:admin) { resources :users, only: [:index] }', "get 'x', to: 'a#b', constraints: { id: /\\d+/ }");
    expect(extract(text).routes.map((r) => `${r.method} ${r.path} ${r.handler} ${r.line}`)).toEqual(['GET /admin/users admin/users#index 2', 'GET /x a#b 3']);
  });
});
