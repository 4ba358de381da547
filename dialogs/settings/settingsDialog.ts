import {
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { DirectComponentDialog } from '../../src/bot/continueActiveDialog';
import { turnLanguage, turnT } from '../../src/bot/turnLanguage';
import type { Texts } from '../../src/i18n/i18n';
import { chatAccountOf } from '../../src/students/chatAccountOf';
import type { Student } from '../../src/students/student';
import type { DialogServices } from '../dialogServices';
import { EMAIL_DIALOG, EmailDialog, type EmailDialogOptions } from '../email/emailDialog';
import { REQUIRE_STUDENT, RequireStudentDialog } from '../login/requireStudentDialog';
import { LocalizedChoicePrompt } from '../prompts/localizedChoicePrompt';
import type { LocalizedChoice, LocalizedPromptOptions } from '../prompts/phrase';
import { studentName } from '../studentName';

export const SETTINGS_DIALOG = 'settings';
const FLOW = 'settings.flow';
const CHOICE = 'settings.choice';

const CHANGE_EMAIL: LocalizedChoice = {
  value: 'changeEmail',
  label: { key: 'settings.changeEmail' },
};
const REMINDERS_OFF: LocalizedChoice = {
  value: 'remindersOff',
  label: { key: 'settings.turnRemindersOff' },
};
const REMINDERS_ON: LocalizedChoice = {
  value: 'remindersOn',
  label: { key: 'settings.turnRemindersOn' },
};
const UNLINK: LocalizedChoice = { value: 'unlink', label: { key: 'settings.unlink' } };
const BACK: LocalizedChoice = { value: 'back', label: { key: 'settings.back' } };
const YES_NO: LocalizedChoice[] = [
  { value: 'yes', label: { key: 'settings.yes' } },
  { value: 'no', label: { key: 'settings.no' } },
];

interface SettingsValues {
  studentId?: string;
  action?: string;
}

/** Deadline reminders are on unless the student turned them off. */
function remindersOn(student: Student): boolean {
  return student.reminders !== false;
}

/**
 * The settings menu (the manual's "⚙"): change the mail address, turn deadline reminders off or
 * on again, unlink this chat.
 */
export class SettingsDialog extends DirectComponentDialog {
  constructor(
    private readonly services: DialogServices,
    texts: Texts,
  ) {
    super(SETTINGS_DIALOG);
    this.addDialog(new LocalizedChoicePrompt(CHOICE, texts));
    this.addDialog(new EmailDialog(services, texts));
    this.addDialog(new RequireStudentDialog(services, texts));
    this.addDialog(
      new WaterfallDialog(FLOW, [
        this.identify.bind(this),
        this.offer.bind(this),
        this.act.bind(this),
        this.finish.bind(this),
      ]),
    );
    this.initialDialogId = FLOW;
  }

  private async identify(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.beginDialog(REQUIRE_STUDENT);
  }

  private async offer(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const studentId = step.result as string | undefined;
    const student = studentId && (await this.services.students.get(studentId));
    if (!student) return step.endDialog();
    (step.values as SettingsValues).studentId = student.studentId;
    const t = turnT(step.context);
    const current = t('settings.current', {
      name: studentName(student, turnLanguage(step.context)),
      studentId: student.studentId,
      email: student.email ?? t('settings.noEmail'),
    });
    const reminders = t(remindersOn(student) ? 'settings.remindersOn' : 'settings.remindersOff');
    await step.context.sendActivity(`${current}\n${reminders}`);
    const toggle = remindersOn(student) ? REMINDERS_OFF : REMINDERS_ON;
    const options: LocalizedPromptOptions = {
      phrases: {
        prompt: { key: 'settings.prompt' },
        choices: [CHANGE_EMAIL, toggle, UNLINK, BACK],
      },
    };
    return step.prompt(CHOICE, options);
  }

  private async act(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as SettingsValues;
    values.action = step.result as string;
    const student = await this.services.students.get(values.studentId ?? '');
    if (!student) return step.endDialog();
    if (values.action === 'changeEmail') {
      const options: EmailDialogOptions = {
        studentId: student.studentId,
        purpose: 'change',
        previousAddress: student.email,
      };
      return step.beginDialog(EMAIL_DIALOG, options);
    }
    if (values.action === 'remindersOff' || values.action === 'remindersOn') {
      const on = values.action === 'remindersOn';
      await this.services.students.setReminders(student.studentId, on);
      const t = turnT(step.context);
      await step.context.sendActivity(
        t(on ? 'settings.remindersTurnedOn' : 'settings.remindersTurnedOff'),
      );
      return step.endDialog();
    }
    if (values.action === 'unlink') {
      const options: LocalizedPromptOptions = {
        phrases: { prompt: { key: 'settings.confirmUnlink' }, choices: YES_NO },
      };
      return step.prompt(CHOICE, options);
    }
    return step.endDialog();
  }

  private async finish(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { action } = step.values as SettingsValues;
    if (action === 'unlink') {
      const t = turnT(step.context);
      const account = chatAccountOf(step.context);
      if (step.result === 'yes' && account) {
        await this.services.students.unlink(account);
        await step.context.sendActivity(t('settings.unlinked'));
      } else {
        await step.context.sendActivity(t('settings.kept'));
      }
    }
    return step.endDialog();
  }
}
