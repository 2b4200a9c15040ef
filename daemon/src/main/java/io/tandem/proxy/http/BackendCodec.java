package io.tandem.proxy.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import java.util.ArrayDeque;

/**
 * The HTTP codec of a backend connection: requests encoded as Netty does, responses decoded by
 * {@link StrictResponseDecoder}, which learns from here the method of each request sent.
 */
final class BackendCodec
        extends CombinedChannelDuplexHandler<StrictResponseDecoder, HttpRequestEncoder> {

    BackendCodec() {
        ArrayDeque<HttpMethod> sent = new ArrayDeque<>();
        init(new StrictResponseDecoder(sent), new MethodRecordingEncoder(sent));
    }

    private static final class MethodRecordingEncoder extends HttpRequestEncoder {
        private final ArrayDeque<HttpMethod> sent;

        MethodRecordingEncoder(ArrayDeque<HttpMethod> sent) {
            this.sent = sent;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
                throws Exception {
            if (msg instanceof HttpRequest request) {
                sent.add(request.method());
            }
            super.write(ctx, msg, promise);
        }
    }
}
