import { messagingApi } from '@line/bot-sdk';

/** The rich-menu calls of the Messaging API that setting the menus up needs. */
export interface RichMenuApi {
  create(menu: messagingApi.RichMenuRequest): Promise<string>;
  /** On LINE's data host; `png` is the menu's image. */
  uploadImage(richMenuId: string, png: Buffer): Promise<void>;
  delete(richMenuId: string): Promise<void>;
  setDefault(richMenuId: string): Promise<void>;
  /** Every rich menu alias of the channel: its id and the menu it points at. */
  aliases(): Promise<{ aliasId: string; richMenuId: string }[]>;
  createAlias(aliasId: string, richMenuId: string): Promise<void>;
  updateAlias(aliasId: string, richMenuId: string): Promise<void>;
  /**
   * Asks LINE to move every user linked to each `from` menu to its `to` menu, in the background
   * (`POST /v2/bot/richmenu/batch`); resolves to the request id to follow it by.
   */
  linkBatch(links: { from: string; to: string }[]): Promise<string>;
  /** How the batch of `requestId` is going (`GET /v2/bot/richmenu/progress/batch`). */
  batchProgress(requestId: string): Promise<messagingApi.RichMenuBatchProgressPhase>;
}

export interface RichMenuApiOptions {
  channelAccessToken: string;
  /** `LINE_API_BASE_URL` */
  apiBaseUrl: string;
  /** `LINE_DATA_API_BASE_URL`: images go there. */
  dataApiBaseUrl: string;
}

/** {@link RichMenuApi} over `@line/bot-sdk`'s clients for the API and the data host. */
export function lineRichMenuApi(options: RichMenuApiOptions): RichMenuApi {
  const { channelAccessToken } = options;
  const api = new messagingApi.MessagingApiClient({
    channelAccessToken,
    baseURL: options.apiBaseUrl,
  });
  const blobs = new messagingApi.MessagingApiBlobClient({
    channelAccessToken,
    baseURL: options.dataApiBaseUrl,
  });
  return {
    create: async (menu) => (await api.createRichMenu(menu)).richMenuId,
    uploadImage: async (richMenuId, png) => {
      await blobs.setRichMenuImage(
        richMenuId,
        new Blob([new Uint8Array(png)], { type: 'image/png' }),
      );
    },
    delete: async (richMenuId) => void (await api.deleteRichMenu(richMenuId)),
    setDefault: async (richMenuId) => void (await api.setDefaultRichMenu(richMenuId)),
    aliases: async () =>
      (await api.getRichMenuAliasList()).aliases.map((alias) => ({
        aliasId: alias.richMenuAliasId,
        richMenuId: alias.richMenuId,
      })),
    createAlias: async (aliasId, richMenuId) =>
      void (await api.createRichMenuAlias({ richMenuAliasId: aliasId, richMenuId })),
    updateAlias: async (aliasId, richMenuId) =>
      void (await api.updateRichMenuAlias(aliasId, { richMenuId })),
    linkBatch: async (links) => {
      const { httpResponse } = await api.richMenuBatchWithHttpInfo({
        operations: links.map(({ from, to }) => ({ type: 'link', from, to })),
      });
      const requestId = httpResponse.headers.get('x-line-request-id');
      if (!requestId) throw new Error('LINE accepted the rich menu batch without a request id.');
      return requestId;
    },
    batchProgress: async (requestId) => (await api.getRichMenuBatchProgress(requestId)).phase,
  };
}
