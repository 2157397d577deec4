import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { api } from './api';
import { useLogout, useSession } from './session';
import type { Me, Program } from './types';

const PAGES = [
  { to: '/', label: 'Overview', end: true },
  { to: '/links', label: 'Links' },
  { to: '/commissions', label: 'Commissions' },
  { to: '/payouts', label: 'Payouts' },
  { to: '/payout-account', label: 'Payout account' },
  { to: '/help', label: 'Help' },
];

export const useMe = () => useQuery({ queryKey: ['me'], queryFn: () => api<Me>('/v1/me') });
export const useProgram = () =>
  useQuery({ queryKey: ['program'], queryFn: () => api<Program>('/v1/me/program') });

/** The frame of every signed-in page: skip link, navigation, and the page's heading gets focus on navigation. */
export const Layout = () => {
  const session = useSession();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.querySelector('h1')?.focus();
  }, [location.pathname]);
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">ThreadTrak partners</span>
        <span className="who">{session.data?.name}</span>
        <button
          type="button"
          className="link-button"
          onClick={async () => {
            await logout();
            navigate('/login');
          }}
        >
          Log out
        </button>
      </header>
      <nav aria-label="Portal">
        <ul>
          {PAGES.map((page) => (
            <li key={page.to}>
              <NavLink to={page.to} end={page.end ?? false}>
                {page.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={main}>
        <Outlet />
      </main>
    </div>
  );
};
