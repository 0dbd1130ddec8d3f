import WorkplanKit

#if PostgreSQL
    import WorkplanPostgres
#endif

/// The server backends this build has: PostgreSQL with the PostgreSQL trait.
enum Backends {
    static var servers: [any StoreBackend] {
        #if PostgreSQL
            [PostgresBackend()]
        #else
            []
        #endif
    }
}
