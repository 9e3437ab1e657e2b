package com.fieldlead.auth;

import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.store.MongoStore;

/** The auth package's repositories, built once over one store. */
record AuthStores(MongoUsers users, MongoTeams teams, MongoDevices devices, MongoSessions sessions,
    LoginThrottle throttle) {

  static AuthStores over(MongoStore store, FieldleadConfig.Auth config) {
    return new AuthStores(new MongoUsers(store), new MongoTeams(store), new MongoDevices(store),
        new MongoSessions(store), new LoginThrottle(store, config.loginMaxFailures(), config.loginWindow(),
            config.lockout()));
  }
}
