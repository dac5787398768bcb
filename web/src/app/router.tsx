import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  notFound,
  redirect,
} from '@tanstack/react-router';
import type { SessionState } from '../auth/session';
import { Shell } from './Shell';
import { NotFound } from './NotFound';
import { WORKFLOW_STATUSES } from './routes-shared';
import { bool, oneOf, optional, page, safeReturnTo, str, type Raw } from './search';

/*
 * Pages never import this file (it imports every page): a page reaches its route with
 * `getRouteApi('<route id>')`, typed by the Register below. A route's id is its parents' ids
 * and its own path: '/signed-in/tasks', '/signed-in/manage/manage/users/$userId', '/sign-in'.
 */

export interface RouterContext {
  session: SessionState;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Shell,
  notFoundComponent: NotFound,
});

/**
 * Every page but sign-in: signed out, the visitor is sent to sign in with a return-to of
 * where they were, so an email's deep link survives the detour.
 */
const signedInRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'signed-in',
  beforeLoad: ({ context, location }) => {
    if (context.session?.status !== 'signedIn')
      throw redirect({ to: '/sign-in', search: { returnTo: location.href }, replace: true });
  },
});

const index = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/tasks' });
  },
});

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: (raw: Raw) => optional({ returnTo: safeReturnTo(str(raw, 'returnTo', 2000)) }),
  component: lazyRouteComponent(() => import('../pages/SignIn'), 'SignInPage'),
});

const tasksRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/tasks',
  validateSearch: (raw: Raw) =>
    optional({
      page: page(raw),
      project: str(raw, 'project', 64),
      group: str(raw, 'group', 64),
    }),
  component: lazyRouteComponent(() => import('../pages/Tasks'), 'TasksPage'),
});

const workflowsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/workflows',
  validateSearch: (raw: Raw) =>
    optional({
      page: page(raw),
      q: str(raw, 'q', 100),
      mine: bool(raw, 'mine'),
      overdue: bool(raw, 'overdue'),
      changes: bool(raw, 'changes'),
      ball: oneOf(raw, 'ball', ['MX', 'US', 'both'] as const),
      agency: str(raw, 'agency', 32),
      group: str(raw, 'group', 32),
      status: oneOf(raw, 'status', WORKFLOW_STATUSES),
    }),
  component: lazyRouteComponent(() => import('../pages/Workflows'), 'WorkflowsPage'),
});

const workflowRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/workflows/$workflowId',
  validateSearch: (raw: Raw) => optional({ step: str(raw, 'step', 64), page: page(raw) }),
  component: lazyRouteComponent(() => import('../pages/Workflow'), 'WorkflowPage'),
});

const projectsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/projects',
  validateSearch: (raw: Raw) =>
    optional({ page: page(raw), q: str(raw, 'q', 100), group: str(raw, 'group', 32) }),
  component: lazyRouteComponent(() => import('../pages/Projects'), 'ProjectsPage'),
});

const projectRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/projects/$projectId',
  validateSearch: (raw: Raw) => optional({ page: page(raw) }),
  component: lazyRouteComponent(() => import('../pages/Project'), 'ProjectPage'),
});

const notificationsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/notifications',
  validateSearch: (raw: Raw) => optional({ page: page(raw), unread: bool(raw, 'unread') }),
  component: lazyRouteComponent(() => import('../pages/Notifications'), 'NotificationsPage'),
});

const profileRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/profile',
  component: lazyRouteComponent(() => import('../pages/Profile'), 'ProfilePage'),
});

const delegationsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/delegations',
  validateSearch: (raw: Raw) =>
    optional({
      status: oneOf(raw, 'status', ['scheduled', 'active', 'expired', 'revoked'] as const),
    }),
  component: lazyRouteComponent(() => import('../pages/Delegations'), 'DelegationsPage'),
});

const groupsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/technical-groups',
  validateSearch: (raw: Raw) => optional({ page: page(raw) }),
  component: lazyRouteComponent(() => import('../pages/groups/Groups'), 'GroupsPage'),
});

const groupRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/technical-groups/$code',
  component: lazyRouteComponent(
    () => import('../pages/groups/GroupDashboard'),
    'GroupDashboardPage',
  ),
});

const rosterRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/technical-groups/$code/roster',
  component: lazyRouteComponent(() => import('../pages/groups/Roster'), 'RosterPage'),
});

const meetingsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/technical-groups/$code/meetings',
  // `upcoming`: the page of the meetings ahead; `page`: of those over (older links keep it).
  validateSearch: (raw: Raw) =>
    optional({ page: page(raw), upcoming: page({ page: raw.upcoming }) }),
  component: lazyRouteComponent(() => import('../pages/groups/Meetings'), 'MeetingsPage'),
});

const meetingRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/technical-groups/$code/meetings/$meetingId',
  component: lazyRouteComponent(() => import('../pages/groups/Meeting'), 'MeetingPage'),
});

const actionItemsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/technical-groups/$code/action-items',
  validateSearch: (raw: Raw) =>
    optional({
      page: page(raw),
      status: oneOf(raw, 'status', ['open', 'done', 'cancelled'] as const),
    }),
  component: lazyRouteComponent(() => import('../pages/groups/ActionItems'), 'ActionItemsPage'),
});

/** The administration pages: admins only (others get the page-not-found answer). */
const manageRoute = createRoute({
  getParentRoute: () => signedInRoute,
  id: 'manage',
  beforeLoad: ({ context }) => {
    if (!context.session?.user?.roles.includes('admin')) throw notFound();
  },
});

const chainsRoute = createRoute({
  getParentRoute: () => manageRoute,
  path: '/manage/chains',
  component: lazyRouteComponent(() => import('../pages/admin/Chains'), 'ChainsPage'),
});

const chainEditorRoute = createRoute({
  getParentRoute: () => manageRoute,
  path: '/manage/chains/$chainId',
  component: lazyRouteComponent(() => import('../pages/admin/ChainEditor'), 'ChainEditorPage'),
});

const agenciesAdminRoute = createRoute({
  getParentRoute: () => manageRoute,
  path: '/manage/agencies',
  validateSearch: (raw: Raw) => optional({ page: page(raw), q: str(raw, 'q', 100) }),
  component: lazyRouteComponent(() => import('../pages/admin/Agencies'), 'AgenciesPage'),
});

const agencyAdminRoute = createRoute({
  getParentRoute: () => manageRoute,
  path: '/manage/agencies/$agencyId',
  component: lazyRouteComponent(() => import('../pages/admin/Agency'), 'AgencyPage'),
});

const usersAdminRoute = createRoute({
  getParentRoute: () => manageRoute,
  path: '/manage/users',
  validateSearch: (raw: Raw) => optional({ page: page(raw), q: str(raw, 'q', 100) }),
  component: lazyRouteComponent(() => import('../pages/admin/Users'), 'UsersPage'),
});

const userAdminRoute = createRoute({
  getParentRoute: () => manageRoute,
  path: '/manage/users/$userId',
  component: lazyRouteComponent(() => import('../pages/admin/User'), 'UserPage'),
});

const groupsAdminRoute = createRoute({
  getParentRoute: () => manageRoute,
  path: '/manage/groups',
  component: lazyRouteComponent(() => import('../pages/admin/Groups'), 'GroupsAdminPage'),
});

const groupAdminRoute = createRoute({
  getParentRoute: () => manageRoute,
  path: '/manage/groups/$groupId',
  component: lazyRouteComponent(() => import('../pages/admin/Group'), 'GroupAdminPage'),
});

const emailFailuresRoute = createRoute({
  getParentRoute: () => manageRoute,
  path: '/manage/email-failures',
  validateSearch: (raw: Raw) => optional({ page: page(raw) }),
  component: lazyRouteComponent(() => import('../pages/admin/EmailFailures'), 'EmailFailuresPage'),
});

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const date = (raw: Raw, key: string) => {
  const value = str(raw, key, 10);
  return value && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value)) ? value : undefined;
};

/** The reports (coordinators, admins, co-chairs): the page and its charts load only here. */
const reportsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/reports',
  validateSearch: (raw: Raw) =>
    optional({
      from: date(raw, 'from'),
      to: date(raw, 'to'),
      group: str(raw, 'group', 32),
      chain: str(raw, 'chain', 64),
      country: oneOf(raw, 'country', ['MX', 'US'] as const),
    }),
  component: lazyRouteComponent(() => import('../pages/Reports'), 'ReportsPage'),
});

const routeTree = rootRoute.addChildren([
  index,
  signInRoute,
  signedInRoute.addChildren([
    tasksRoute,
    workflowsRoute,
    workflowRoute,
    projectsRoute,
    projectRoute,
    notificationsRoute,
    profileRoute,
    delegationsRoute,
    groupsRoute,
    groupRoute,
    rosterRoute,
    meetingsRoute,
    meetingRoute,
    actionItemsRoute,
    manageRoute.addChildren([
      chainsRoute,
      chainEditorRoute,
      agenciesAdminRoute,
      agencyAdminRoute,
      usersAdminRoute,
      userAdminRoute,
      groupsAdminRoute,
      groupAdminRoute,
      emailFailuresRoute,
    ]),
    reportsRoute,
  ]),
]);

export const router = createRouter({
  routeTree,
  defaultPreload: 'intent',
  scrollRestoration: true,
  // The real session comes with <RouterProvider context> (main.tsx) once it is known.
  context: { session: undefined! },
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
