import {
  AuditOutlined,
  ApartmentOutlined,
  BranchesOutlined,
  DashboardOutlined,
  ExperimentOutlined,
  FundOutlined,
  EnvironmentOutlined,
  ScheduleOutlined,
  SolutionOutlined,
  ToolOutlined,
  TeamOutlined,
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

/** The side menu, in order. The routes use the same permissions, so a hidden page is also unreachable. */
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
  {
    path: '/progress',
    label: 'menu.progress',
    icon: <FundOutlined />,
    permission: Permission.DirectoryRead,
  },
  { path: '/tasks', label: 'tasks.menu', icon: <ApartmentOutlined />, permission: Permission.OrgRead },
  {
    path: '/river-chiefs',
    label: 'tasks.riverMenu',
    icon: <BranchesOutlined />,
    permission: Permission.DirectoryRead,
  },
  { path: '/units', label: 'menu.units', icon: <TeamOutlined />, permission: Permission.OrgRead },
  { path: '/audit', label: 'menu.audit', icon: <AuditOutlined />, permission: Permission.AuditRead },
  { path: '/jobs', label: 'menu.jobs', icon: <ScheduleOutlined />, permission: Permission.JobRead },
];
