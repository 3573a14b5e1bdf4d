/** Refusal page labels. */
export default {
  zh: {
    refused: {
      title: '无权查看',
      body: '您没有权限查看这个片区或页面的数据。',
      back: '返回我的页面',
      signIn: '返回登录',
    },
  },
  en: {
    refused: {
      title: 'Not allowed',
      body: 'You may not see this area or page.',
      back: 'Back to my page',
      signIn: 'Back to sign-in',
    },
  },
}
