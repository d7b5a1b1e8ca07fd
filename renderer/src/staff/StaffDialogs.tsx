import { useEffect } from 'react';
import { StaffScreen } from './StaffScreen';
import { useStaffDialogs } from './staffDialogsStore';
import { ChangePasswordDialog } from '../session/ChangePasswordDialog';
import { DelegateDialog } from '../customers/DelegateDialog';
import { TransferDialog } from '../customers/TransferDialog';
import { HandoverDialog } from './HandoverDialog';
import './staff.css';

/** Draws the open windows of 人员管理, 修改密码, 授权, 转移客户 and 离职交接 over the customer screen. */
export function StaffDialogs() {
  const { staffOpen, passwordOpen, delegate, transfer, handover } = useStaffDialogs();
  const s = useStaffDialogs.getState();
  // Leaving the customer screen (退出登录, session ended) closes them all: the next user starts clean.
  useEffect(
    () => () =>
      useStaffDialogs.setState({
        staffOpen: false,
        passwordOpen: false,
        delegate: null,
        transfer: null,
        handover: null,
      }),
    [],
  );
  return (
    <>
      {staffOpen && <StaffScreen onClose={() => s.openStaff(false)} />}
      {delegate && <DelegateDialog customers={delegate} onClose={() => s.openDelegate(null)} />}
      {transfer && <TransferDialog request={transfer} onClose={() => s.openTransfer(null)} />}
      {handover && <HandoverDialog request={handover} onClose={() => s.openHandover(null)} />}
      {passwordOpen && <ChangePasswordDialog onClose={() => s.openPassword(false)} />}
    </>
  );
}
