package dev.scimserverless.bench;

import dev.scimserverless.handlers.DiscoveryHandler;
import dev.scimserverless.handlers.GroupsHandler;
import dev.scimserverless.handlers.TokenAuthorizerHandler;
import dev.scimserverless.handlers.UsersHandler;
import java.util.List;

/**
 * The classes Lambda instantiates by name (template.yaml's Handler values). The {@code shrink}
 * profile's minimizeJar keeps what this module's classes reach, so naming them here keeps every
 * function's handler and all it uses statically.
 */
final class MinimizeRoots {
  static final List<Class<?>> HANDLERS =
      List.of(
          UsersHandler.class,
          GroupsHandler.class,
          DiscoveryHandler.class,
          TokenAuthorizerHandler.class);

  private MinimizeRoots() {}
}
