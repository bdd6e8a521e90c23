package app.lifeboat.core.s3;

import app.lifeboat.core.base.ErrorCode;
import app.lifeboat.core.base.LifeboatException;
import app.lifeboat.core.base.Remedy;
import java.io.FilterInputStream;
import java.io.IOException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * An object's body being read: a connection that breaks midway becomes one clear sentence, and
 * closing before the end aborts the connection instead of downloading the rest to reuse it.
 */
final class RemoteInputStream extends FilterInputStream {
    private final ResponseInputStream<?> response;
    private final S3Errors errors;
    private final String doing;
    private boolean atEnd;

    RemoteInputStream(ResponseInputStream<?> response, S3Errors errors, String doing) {
        super(response);
        this.response = response;
        this.errors = errors;
        this.doing = doing;
    }

    @Override
    public int read() throws IOException {
        try {
            int b = super.read();
            atEnd |= b < 0;
            return b;
        } catch (IOException | SdkException e) {
            throw broken(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            int n = super.read(b, off, len);
            atEnd |= n < 0;
            return n;
        } catch (IOException | SdkException e) {
            throw broken(e);
        }
    }

    private LifeboatException broken(Exception e) {
        if (e instanceof SdkException se) {
            return errors.translate(se, doing);
        }
        return new LifeboatException(ErrorCode.DESTINATION_UNREACHABLE, "could not " + doing + ": the connection to " + errors.where()
                + " broke (" + e.getClass().getSimpleName() + ")", e, Remedy.CHECK_CONNECTION, errors.where());
    }

    @Override
    public void close() throws IOException {
        if (!atEnd) {
            response.abort();
        }
        super.close();
    }
}
