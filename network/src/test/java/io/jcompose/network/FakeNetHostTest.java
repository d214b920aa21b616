package io.jcompose.network;

/** The {@link NetHost} contract against the fake. */
class FakeNetHostTest extends NetHostContract {

    private final FakeNetHost host = new FakeNetHost();

    @Override
    NetHost host() {
        return host;
    }
}
