/** A note on a moment (or a stretch) of a camera's recording, left by an operator for whoever looks next. */
export interface Bookmark {
  id: string;
  cameraId: string;
  atMs: number;
  /** The end of the noted stretch; null for a single moment. */
  endMs: number | null;
  note: string;
  /** The author's user id (who may delete it, besides an admin) and name (as shown and journaled). */
  authorId: string;
  author: string;
  createdAt: string;
}

export interface BookmarkFilter {
  cameraId?: string;
  /** Scope: only bookmarks of cameras in these sectors (undefined = all). An empty array matches nothing. */
  sectorIds?: string[];
  /** Bookmarks whose moment (or stretch) overlaps [fromMs, toMs). */
  fromMs?: number;
  toMs?: number;
  /** Case-insensitive text in the note. */
  q?: string;
  limit?: number;
}

export interface BookmarkRepo {
  add(b: Bookmark): Promise<void>;
  get(id: string): Promise<Bookmark | undefined>;
  /** Newest moment first. */
  list(f: BookmarkFilter): Promise<Bookmark[]>;
  delete(id: string): Promise<boolean>;
}
