package app.lifeboat.core.verify;

/** Which backups of a database to verify: the newest, one by id, or all of them. */
public sealed interface VerifyRequest permits VerifyRequest.Latest, VerifyRequest.One, VerifyRequest.All {

    /** The newest backup, good or not. */
    record Latest() implements VerifyRequest {}

    /** The backup with this id. */
    record One(String id) implements VerifyRequest {}

    /** Every backup in the catalog. */
    record All() implements VerifyRequest {}

    static VerifyRequest latest() {
        return new Latest();
    }

    static VerifyRequest one(String id) {
        return new One(id);
    }

    static VerifyRequest all() {
        return new All();
    }
}
