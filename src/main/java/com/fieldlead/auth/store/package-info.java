/**
 * Where auth keeps what no other feature names: the schema (collection and field names, indexes, shared by the stores
 * here and the two left in {@code auth}), sessions and refresh tokens, teams, login throttling and the signing keys,
 * each over MongoDB. Depends on no class of {@code auth} ({@code ArchitectureTest}). The users' and devices' stores
 * ({@code MongoUsers}, {@code MongoDevices}) stay in {@code auth} beside the interfaces they implement
 * ({@code UserDirectory}, {@code DeviceTokens}, {@code DeviceRevocations}), which other features name, and beside
 * {@code Role} and {@code UserInfo}, which lead and activity import.
 */
package com.fieldlead.auth.store;
