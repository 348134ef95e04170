import { useDialog, useMessage } from 'naive-ui';
import { useI18n } from 'vue-i18n';
import { describeError } from './describe-error.ts';

/**
 * Every destructive action confirms first: `confirmDelete({ name, remove })` asks "Delete {name}?",
 * shows progress on the button while `remove` runs, says it is done, or shows the admin API's
 * message and keeps the dialog open. Resolves true once deleted.
 */
export function useConfirmDelete() {
  const dialog = useDialog();
  const message = useMessage();
  const { t } = useI18n();
  return (options: { name: string; remove: () => Promise<unknown> }): Promise<boolean> =>
    new Promise((resolve) => {
      dialog.warning({
        title: t('common.confirmDeleteTitle', { name: options.name }),
        content: t('common.confirmDeleteContent'),
        positiveText: t('common.delete'),
        negativeText: t('common.cancel'),
        autoFocus: false,
        async onPositiveClick() {
          try {
            await options.remove();
            message.success(t('common.deleted', { name: options.name }));
            resolve(true);
            return true;
          } catch (error) {
            message.error(describeError(error, t));
            return false;
          }
        },
        onNegativeClick: () => resolve(false),
        onClose: () => resolve(false),
        onMaskClick: () => resolve(false),
      });
    });
}
