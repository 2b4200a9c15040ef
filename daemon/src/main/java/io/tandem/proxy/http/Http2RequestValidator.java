package io.tandem.proxy.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses an HTTP/2 request that RFC 9113 calls malformed before any of it reaches a real server,
 * whatever Netty's own checks already caught: a request head is answered 400 and the stream closed;
 * a body whose length contradicts its {@code content-length} resets the stream before its end is
 * relayed, so the backend never sees a complete request. Also makes {@code :authority} the {@code
 * Host} the HTTP/1.1 side routes by. One per stream.
 */
final class Http2RequestValidator extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(Http2RequestValidator.class);

    private static final Set<String> REQUEST_PSEUDO =
            Set.of(":method", ":scheme", ":path", ":authority");

    private final HttpForwarder forwarder;
    private boolean headSeen;
    private boolean refused;
    private long declaredLength = -1;
    private long received;

    Http2RequestValidator(HttpForwarder forwarder) {
        this.forwarder = forwarder;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        String problem = null;
        boolean inHead = false;
        boolean end = false;
        if (msg instanceof Http2HeadersFrame frame) {
            end = frame.isEndStream();
            inHead = !headSeen;
            problem = headSeen ? trailers(frame) : head(frame.headers());
            headSeen = true;
        } else if (msg instanceof Http2DataFrame data) {
            end = data.isEndStream();
            received += data.content().readableBytes();
            if (declaredLength >= 0 && received > declaredLength) {
                problem = "more body than content-length " + declaredLength;
            }
        }
        if (problem == null && end && declaredLength >= 0 && received != declaredLength) {
            problem = "body of " + received + " bytes, content-length " + declaredLength;
        }
        if (problem == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        ReferenceCountUtil.release(msg);
        refused = true;
        forwarder.rejected();
        log.debug("{}: malformed HTTP/2 request: {}", ctx.channel(), problem);
        if (inHead) {
            // Nothing was relayed yet: answer, as a proxy may (RFC 9113 section 8.1.1).
            Http2Headers status =
                    new DefaultHttp2Headers().status("400").set("content-length", "0");
            ctx.writeAndFlush(new DefaultHttp2HeadersFrame(status, true))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            // The head is with a backend, maybe its response with the client: reset the stream.
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** RFC 9113 sections 8.2 and 8.3.1; null when the head may go on. */
    private @Nullable String head(Http2Headers headers) {
        Map<String, CharSequence> pseudo = new HashMap<>();
        int lengths = 0;
        for (Map.Entry<CharSequence, CharSequence> e : headers) {
            String name = e.getKey().toString();
            CharSequence value = e.getValue();
            String bad = Http2HeaderRules.field(name, value);
            if (bad != null) {
                return bad;
            }
            if (name.startsWith(":")) {
                if (!REQUEST_PSEUDO.contains(name)) {
                    return "pseudo-header " + name + " in a request";
                }
                if (pseudo.put(name, value) != null) {
                    return "pseudo-header " + name + " twice";
                }
            } else if (name.equals("content-length")) {
                lengths++;
                String v = value.toString();
                if (lengths > 1 || !v.matches("[0-9]{1,18}")) {
                    return "content-length " + v;
                }
                declaredLength = Long.parseLong(v);
            }
        }
        CharSequence method = pseudo.get(":method");
        CharSequence path = pseudo.get(":path");
        CharSequence authority = pseudo.get(":authority");
        if (method == null) {
            return "no :method";
        }
        String m = method.toString();
        if (m.equals("CONNECT")) {
            return "CONNECT is not proxied";
        }
        if (pseudo.get(":scheme") == null || path == null) {
            return "no :scheme or no :path";
        }
        String p = path.toString();
        if (!p.startsWith("/") && !(p.equals("*") && m.equals("OPTIONS"))) {
            return ":path " + p;
        }
        CharSequence host = headers.get("host");
        if (authority != null) {
            if (host != null && !AsciiString.contentEqualsIgnoreCase(host, authority)) {
                return "host " + host + " differs from :authority " + authority;
            }
            headers.remove(":authority");
            headers.set("host", authority);
        }
        return null;
    }

    private static @Nullable String trailers(Http2HeadersFrame frame) {
        if (!frame.isEndStream()) {
            return "a second HEADERS frame that does not end the stream";
        }
        for (Map.Entry<CharSequence, CharSequence> e : frame.headers()) {
            String name = e.getKey().toString();
            if (name.startsWith(":")) {
                return "pseudo-header " + name + " in trailers";
            }
            String bad = Http2HeaderRules.field(name, e.getValue());
            if (bad != null) {
                return bad;
            }
        }
        return null;
    }
}
