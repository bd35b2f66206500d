// A message whose connection dropped before the server acknowledged it may still have been
// stored; this tells from the conversation as the server has it. Loaded only when that happens.

/** How far the server's clock may be behind the phone's when a stored question is recognised. */
const SKEW_MS = 2 * 60 * 1000;

/**
 * Whether the server already stored a message whose connection was lost before it was
 * acknowledged: the conversation's newest question is this text, stored after the message was
 * sent (less a little clock skew). Then sending it again would ask it twice.
 */
export function alreadyStored(item, session) {
  if (!item.sentAt || !session || !Array.isArray(session.messages)) return false;
  const questions = session.messages.filter((m) => m.role === 'user');
  const newest = questions[questions.length - 1];
  return Boolean(newest) && newest.content === item.text
    && Date.parse(newest.createdAt) >= Date.parse(item.sentAt) - SKEW_MS;
}
