/** The evidence rules: which announcements are refused, and what a stored file must be to pass. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type Attachment,
  attachmentOfKey,
  checkAnnouncement,
  decideUpload,
  type EvidenceType,
  evidenceKey,
  evidenceTypes,
  handlesReport,
  shownStatus,
} from '../../shared/domain/evidence.ts';

const hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const of = (text: string) => new TextEncoder().encode(text);

const genuine: Record<EvidenceType, Uint8Array> = {
  'application/pdf': of('%PDF-1.4\n'),
  'image/jpeg': new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]),
  'image/png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'text/plain': of('2023年3月5日，张某在办公室收受现金。\n'),
  'audio/mpeg': of('ID3\u0004\u0000'),
  'audio/mp4': new Uint8Array([0, 0, 0, 0x20, ...of('ftypM4A ')]),
  'audio/x-m4a': new Uint8Array([0, 0, 0, 0x20, ...of('ftypM4A ')]),
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': of(
    'PK\u0003\u0004\u0014\u0000[Content_Types].xml word/document.xml',
  ),
};

const attachment = (contentType: EvidenceType, bytes: Uint8Array): Attachment => ({
  attachmentId: 'att_AAAAAAAAAAAAAAAAAAAAAA',
  reportId: 'rpt_AAAAAAAAAAAAAAAAAAAAAA',
  fileName: 'f',
  contentType,
  size: bytes.length,
  sha256: hex(bytes),
  status: 'ANNOUNCED',
  announcedAt: '2026-01-01T00:00:00.000Z',
  uploadBy: '2026-01-01T00:15:00.000Z',
});

describe('evidence', () => {
  it('accepts each listed type whose leading bytes are its own, and rejects them under any other type', () => {
    for (const [type, bytes] of Object.entries(genuine) as [EvidenceType, Uint8Array][]) {
      const stored = { size: bytes.length, sha256: hex(bytes), bytes };
      expect(decideUpload(attachment(type, bytes), stored)).toEqual({ status: 'AVAILABLE' });
      for (const other of Object.keys(genuine) as EvidenceType[]) {
        // Same format under two names (M4A), or bytes that are also plain text ("%PDF-1.4\n").
        if (evidenceTypes[other].label === evidenceTypes[type].label) continue;
        if (other === 'text/plain' && type === 'application/pdf') continue;
        expect(decideUpload(attachment(other, bytes), stored).status, `${type} as ${other}`).toBe('REJECTED');
      }
    }
  });

  it('names the first lie: size, then hash, then type', () => {
    const bytes = genuine['application/pdf'];
    const a = attachment('application/pdf', bytes);
    expect(decideUpload(a, { size: bytes.length + 1, sha256: 'x', bytes })).toEqual({
      status: 'REJECTED',
      reason: 'SIZE_MISMATCH',
    });
    expect(decideUpload(a, { size: bytes.length, sha256: 'x', bytes })).toEqual({
      status: 'REJECTED',
      reason: 'HASH_MISMATCH',
    });
  });

  it('refuses other types with 415 and files above 20 MB with 413, before any count', () => {
    const base = { fileName: 'a', sha256: '0'.repeat(64) };
    expect(() => checkAnnouncement({ ...base, contentType: 'application/zip', size: 1 })).toThrow(
      expect.objectContaining({ status: 415 }),
    );
    expect(() => checkAnnouncement({ ...base, contentType: 'application/pdf', size: 20_971_521 })).toThrow(
      expect.objectContaining({ status: 413 }),
    );
    expect(checkAnnouncement({ ...base, contentType: 'Text/Plain; charset=utf-8', size: 20_971_520 })).toBe(
      'text/plain',
    );
  });

  it('shows an announcement past its upload time as EXPIRED', () => {
    const a = attachment('application/pdf', genuine['application/pdf']);
    expect(shownStatus(a, new Date('2026-01-01T00:10:00Z'))).toBe('ANNOUNCED');
    expect(shownStatus(a, new Date('2026-01-01T00:16:00Z'))).toBe('EXPIRED');
    expect(shownStatus({ ...a, status: 'AVAILABLE' }, new Date('2027-01-01T00:00:00Z'))).toBe('AVAILABLE');
  });

  it('reads back only keys it makes', () => {
    const key = evidenceKey('rpt_AAAAAAAAAAAAAAAAAAAAAA', 'att_BBBBBBBBBBBBBBBBBBBBBB');
    expect(attachmentOfKey(key)).toEqual({
      reportId: 'rpt_AAAAAAAAAAAAAAAAAAAAAA',
      attachmentId: 'att_BBBBBBBBBBBBBBBBBBBBBB',
    });
    expect(attachmentOfKey(`${key}/../x`)).toBeUndefined();
  });

  it('lets intake handle a report before registration, the assignee and approvers after', () => {
    const person = (userId: string, ...roles: string[]) => ({ userId, roles });
    expect(handlesReport(person('i', 'intake'), {}, undefined)).toBe(true);
    expect(handlesReport(person('i', 'intake'), { clueId: 'c' }, { assignee: 'v' })).toBe(false);
    expect(handlesReport(person('v', 'investigator'), { clueId: 'c' }, { assignee: 'v' })).toBe(true);
    expect(handlesReport(person('w', 'investigator'), { clueId: 'c' }, { assignee: 'v' })).toBe(false);
    expect(handlesReport(person('a', 'approver'), { clueId: 'c' }, undefined)).toBe(true);
    expect(handlesReport(person('x', 'auditor'), {}, undefined)).toBe(false);
  });
});
