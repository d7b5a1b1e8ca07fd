import type { ReactNode } from 'react';
import './tables.css';

/**
 * A paged table with its filters: the toolbar on top, the refusal of the last load, the table
 * (dimmed while loading), and a footer with the summary and the pager.
 */
export function TableView(props: {
  toolbar: ReactNode;
  error: string;
  loading: boolean;
  summary: ReactNode;
  pager: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="table-view">
      <div className="table-toolbar">{props.toolbar}</div>
      {props.error && (
        <div className="form-error" role="alert">
          {props.error}
        </div>
      )}
      <div className="table-wrap" aria-busy={props.loading}>
        {props.children}
      </div>
      <div className="table-footer">
        <span className="table-summary" aria-live="polite">
          {props.summary}
        </span>
        {props.pager}
      </div>
    </div>
  );
}
