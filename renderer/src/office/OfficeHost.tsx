import { useEffect } from 'react';
import { AboutDialog } from './AboutDialog';
import { BackupDialog } from './BackupDialog';
import { GuideDialog } from './GuideDialog';
import { NetworkDialog } from './NetworkDialog';
import { OnlineDialog } from './OnlineDialog';
import { useOfficeDialogs } from './officeDialogsStore';
import { SupportDialog } from './SupportDialog';
import './office.css';

/** Draws 网络设置 and 在线用户 over the customer screen. */
export function OfficeHost() {
  const open = useOfficeDialogs((s) => s.open);
  useEffect(() => () => useOfficeDialogs.getState().show(null), []);
  return (
    <>
      {open === 'network' && <NetworkDialog />}
      {open === 'online' && <OnlineDialog />}
      {open === 'backup' && <BackupDialog />}
      {open === 'about' && <AboutDialog />}
      {open === 'guide' && <GuideDialog />}
      {open === 'support' && <SupportDialog />}
    </>
  );
}
