import { ActivityTypes, type Activity } from 'botbuilder';
import {
  MAX_SUBMITTED_TEXT,
  submittedValueAsText,
} from '../../src/channels/teams/submittedValueAsText';

const submit = (value: unknown): Partial<Activity> => ({ type: ActivityTypes.Message, value });

describe('submittedValueAsText', () => {
  it('turns a card submit with a text into a typed message, keeping the rest', () => {
    const activity = { ...submit({ text: 'menu', msteams: { type: 'imBack' } }), id: 'a1' };
    const result = submittedValueAsText(activity);
    expect(result.text).toBe('menu');
    expect(result.id).toBe('a1');
    expect(activity.text).toBeUndefined();
  });

  it('accepts a submitted text of exactly the maximum length', () => {
    const text = 'x'.repeat(MAX_SUBMITTED_TEXT);
    expect(submittedValueAsText(submit({ text })).text).toBe(text);
  });

  it.each([
    ['an array', [{ text: 'menu' }]],
    ['a number', 42],
    ['a string', 'menu'],
    ['null', null],
    ['an object without text', { choice: 'menu' }],
    ['a non-string text', { text: 7 }],
    ['an object text', { text: { nested: 'menu' } }],
    ['a blank text', { text: '   ' }],
    ['a text over the maximum', { text: 'x'.repeat(MAX_SUBMITTED_TEXT + 1) }],
  ])('leaves a message without text for %s', (_name, value) => {
    const activity = submit(value);
    const result = submittedValueAsText(activity);
    expect(result.text).toBeUndefined();
    expect(result).toBe(activity);
  });

  it('never replaces text the student typed', () => {
    const activity = { ...submit({ text: 'menu' }), text: 'help' };
    expect(submittedValueAsText(activity).text).toBe('help');
  });

  it('leaves activities other than messages alone', () => {
    const invoke: Partial<Activity> = { type: ActivityTypes.Invoke, value: { text: 'menu' } };
    expect(submittedValueAsText(invoke)).toBe(invoke);
  });
});
