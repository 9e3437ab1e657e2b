package com.fieldlead.auth;

import com.fieldlead.auth.store.LoginThrottle;
import com.fieldlead.auth.store.MongoSessions;
import com.fieldlead.auth.store.MongoTeams;
import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.store.AccessEpochs;
import com.fieldlead.store.MongoStore;

/**
 * The auth package's repositories, built once over one store. Users, devices and sessions move the tenant's
 * {@link AccessEpochs access epoch} after every write that changes what the gate would answer.
 */
record AuthStores(
    MongoUsers users,
    MongoTeams teams,
    MongoDevices devices,
    MongoSessions sessions,
    LoginThrottle throttle,
    AccessEpochs epochs) {

  static AuthStores over(MongoStore store, FieldleadConfig.Auth config) {
    AccessEpochs epochs = new AccessEpochs(store);
    return new AuthStores(
        new MongoUsers(store, epochs),
        new MongoTeams(store),
        new MongoDevices(store, epochs),
        new MongoSessions(store, epochs),
        new LoginThrottle(store, config.loginMaxFailures(), config.loginWindow(), config.lockout()),
        epochs);
  }
}
