import { useId, type ReactNode } from 'react';
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';

/**
 * Asks before an action that cannot be taken back and reaches other people (publishing
 * minutes, calling a meeting off: every member is told). A WAI-ARIA alert dialog: the page
 * behind is inert, Escape or "keep" closes it, and the choice that changes nothing has the
 * focus first, so Enter pressed out of habit does no harm. react-aria returns the focus to
 * the control that opened it when it closes without acting.
 */
export function ConfirmDialog({
  isOpen,
  title,
  children,
  confirmLabel,
  keepLabel,
  onConfirm,
  onKeep,
  danger = false,
  extra,
}: {
  isOpen: boolean;
  title: string;
  /** What will happen, in a sentence or two (the dialog's description). */
  children: ReactNode;
  confirmLabel: string;
  keepLabel: string;
  onConfirm: () => void;
  onKeep: () => void;
  /** For a destructive action (calling off): the confirm button is red. */
  danger?: boolean;
  /** Fields the action takes (a reason), below the description and outside it. */
  extra?: ReactNode;
}) {
  const id = useId();
  return (
    <ModalOverlay
      className="modal-overlay"
      isOpen={isOpen}
      isDismissable
      onOpenChange={(open) => {
        if (!open) onKeep();
      }}
    >
      <Modal className="modal">
        <Dialog role="alertdialog" className="dialog" aria-describedby={`${id}-text`}>
          <Heading slot="title" level={2}>
            {title}
          </Heading>
          <div id={`${id}-text`}>{children}</div>
          {extra}
          <div className="button-row">
            <button type="button" className="button button--secondary" autoFocus onClick={onKeep}>
              {keepLabel}
            </button>
            <button
              type="button"
              className={danger ? 'button button--danger' : 'button'}
              onClick={onConfirm}
            >
              {confirmLabel}
            </button>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
