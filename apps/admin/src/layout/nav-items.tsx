import {
  AlertOutlined,
  DatabaseOutlined,
  GlobalOutlined,
  KeyOutlined,
  NotificationOutlined,
  ApartmentOutlined,
  BranchesOutlined,
  AuditOutlined,
  CompassOutlined,
  DashboardOutlined,
  EnvironmentOutlined,
  ExperimentOutlined,
  FileDoneOutlined,
  FileProtectOutlined,
  FlagOutlined,
  FundOutlined,
  OrderedListOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  ShopOutlined,
  SolutionOutlined,
  TeamOutlined,
  ToolOutlined,
} from '@ant-design/icons';
import { Permission } from '@outfall/shared-types';
import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n/zh-cn';

export interface NavItem {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  /** Shown (and routed) only when the account holds this permission. */
  permission?: Permission;
}

/**
 * The side menu, in order: the campaign (directory → progress), then supervision (设置审核、许可、执法、巡查、
 * 标识), then base data and administration. The routes use the same permissions, so a hidden page is also
 * unreachable.
 */
export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/', label: 'menu.dashboard', icon: <DashboardOutlined /> },
  {
    path: '/outfalls',
    label: 'menu.outfalls',
    icon: <EnvironmentOutlined />,
    permission: Permission.DirectoryRead,
  },
  {
    path: '/entities',
    label: 'menu.entities',
    icon: <SolutionOutlined />,
    permission: Permission.DirectoryRead,
  },
  {
    path: '/monitoring',
    label: 'menu.monitoring',
    icon: <ExperimentOutlined />,
    permission: Permission.DirectoryRead,
  },
  {
    path: '/remediation',
    label: 'menu.remediation',
    icon: <ToolOutlined />,
    permission: Permission.DirectoryRead,
  },
  { path: '/progress', label: 'menu.progress', icon: <FundOutlined />, permission: Permission.DirectoryRead },
  {
    path: '/supervision/setup-review',
    label: 'setupReview.menu',
    icon: <FileProtectOutlined />,
    permission: Permission.DirectoryRead,
  },
  {
    path: '/permits',
    label: 'permits.menu',
    icon: <FileDoneOutlined />,
    permission: Permission.DirectoryRead,
  },
  {
    path: '/enforcement',
    label: 'enforcement.menu',
    icon: <SafetyCertificateOutlined />,
    permission: Permission.DirectoryRead,
  },
  {
    path: '/patrols',
    label: 'patrols.menu',
    icon: <CompassOutlined />,
    permission: Permission.DirectoryRead,
  },
  { path: '/signage', label: 'signage.menu', icon: <FlagOutlined />, permission: Permission.DirectoryRead },
  {
    path: '/source-lists',
    label: 'sourceLists.menu',
    icon: <ShopOutlined />,
    permission: Permission.DirectoryRead,
  },
  {
    path: '/required-indicators',
    label: 'requiredIndicators.menu',
    icon: <OrderedListOutlined />,
    permission: Permission.DirectoryRead,
  },
  { path: '/tasks', label: 'tasks.menu', icon: <ApartmentOutlined />, permission: Permission.OrgRead },
  {
    path: '/river-chiefs',
    label: 'tasks.riverMenu',
    icon: <BranchesOutlined />,
    permission: Permission.DirectoryRead,
  },
  {
    path: '/accountability',
    label: 'submissions.menu',
    icon: <AlertOutlined />,
    permission: Permission.OrgRead,
  },
  {
    path: '/public-portal',
    label: 'publicPortal.menu',
    icon: <GlobalOutlined />,
    permission: Permission.DirectoryRead,
  },
  {
    path: '/public-reports',
    label: 'publicReports.menu',
    icon: <NotificationOutlined />,
    permission: Permission.DirectoryRead,
  },
  {
    path: '/base-data',
    label: 'baseData.menu',
    icon: <DatabaseOutlined />,
    permission: Permission.DirectoryRead,
  },
  { path: '/units', label: 'menu.units', icon: <TeamOutlined />, permission: Permission.OrgRead },
  { path: '/accounts', label: 'accounts.menu', icon: <KeyOutlined />, permission: Permission.UserRead },
  { path: '/audit', label: 'menu.audit', icon: <AuditOutlined />, permission: Permission.AuditRead },
  { path: '/jobs', label: 'menu.jobs', icon: <ScheduleOutlined />, permission: Permission.JobRead },
];
