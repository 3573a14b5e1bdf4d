/** Sign-in page labels. */
export default {
  zh: {
    login: {
      title: '登录',
      intro: '请使用您的账号登录烟草客户关系图谱。',
      username: '用户名',
      password: '密码',
      submit: '登录',
      busy: '正在登录…',
      failed: '登录失败',
      wrong: '用户名或密码错误。',
      locked: '失败次数过多，请在 {seconds} 秒后重试。',
    },
  },
  en: {
    login: {
      title: 'Sign in',
      intro: 'Sign in to the tobacco CRM graph with your account.',
      username: 'Username',
      password: 'Password',
      submit: 'Sign in',
      busy: 'Signing in…',
      failed: 'Sign-in failed',
      wrong: 'Wrong username or password.',
      locked: 'Too many failed attempts; try again in {seconds} seconds.',
    },
  },
}
