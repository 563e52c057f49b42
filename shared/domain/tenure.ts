/**
 * "New officials meeting old debts" (新官理旧账, seeds 000–004): an allegation about a period that
 * ended before the cadre took the post is a historical matter, so that blame lands where the
 * authority was.
 */
export interface Post {
  position: string;
  organization: string;
  from: string;
  to?: string | undefined;
}

export interface Cadre {
  cadreId: string;
  name: string;
  posts: Post[];
}

const same = (a: string, b: string) => a.replace(/\s/g, '') === b.replace(/\s/g, '');

/** The post an accusation is about: the one named in the report, else the current one. */
export const postInQuestion = (cadre: Cadre, position: string, organization: string): Post | undefined =>
  cadre.posts.find((p) => same(p.position, position) && same(p.organization, organization)) ??
  cadre.posts.find((p) => p.to === undefined);

/** True when the incident period ends (or, lacking an end, starts) before the post began. */
export const predatesTenure = (
  incident: { incidentFrom?: string | undefined; incidentTo?: string | undefined },
  post: Post | undefined,
): boolean => {
  const end = incident.incidentTo ?? incident.incidentFrom;
  return post !== undefined && end !== undefined && end < post.from;
};
