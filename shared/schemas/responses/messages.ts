/** Response bodies of the conversation routes (docs/api.md "The reporter's channel"). */
import * as z from 'zod';

export const MessageSent = z
  .object({ messageId: z.string(), at: z.iso.datetime() })
  .meta({ id: 'MessageSent' });

/** One message as the staff handling the report read it. */
export const StaffMessage = z
  .object({
    messageId: z.string(),
    reportId: z.string(),
    from: z.enum(['COMMISSION', 'REPORTER']),
    text: z.string(),
    at: z.iso.datetime(),
    /** The staff member who wrote a commission message. */
    author: z.string().optional(),
    result: z.boolean().optional(),
    /** 申请回避: the reporter asks that a member step aside; an approver records it (or declines in a message). */
    recusalRequest: z.object({ name: z.string().optional(), reason: z.string() }).optional(),
    /** A reporter's answer no handler had read before this request. */
    unread: z.boolean(),
  })
  .meta({ id: 'StaffMessage' });

export const Conversation = z
  .object({
    items: z.array(StaffMessage),
    /** The result feedback owed to real-name reporters once the clue concluded. */
    resultFeedback: z.array(
      z.object({
        reportId: z.string(),
        feedbackBy: z.iso.datetime(),
        status: z.enum(['PENDING', 'MET']),
        overdue: z.boolean(),
        metAt: z.iso.datetime().optional(),
      }),
    ),
  })
  .meta({ id: 'Conversation' });
