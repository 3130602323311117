package dev.hookline.routes.delivery;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AccountSharesTest {

    private final AccountShares shares = new AccountShares();

    @Test
    void aSingleOwnerUsesTheWholeLane() {
        assertThat(shares.share(100, 1, List.of("a"))).isEqualTo(100);
        assertThat(shares.share(100, 0, List.of())).isEqualTo(100);
    }

    @Test
    void withSeveralOwnersAnAccountAloneInWantingHoldsHalfAndOthersAnEqualShare() {
        assertThat(shares.share(100, 2, List.of("a"))).isEqualTo(50);
        assertThat(shares.share(100, 5, List.of("a", "b", "c", "a"))).isEqualTo(34);
        shares.took("d");
        shares.took("d");
        assertThat(shares.inFlight("d")).isEqualTo(2);
        assertThat(shares.share(100, 5, List.of("a", "b", "c"))).as("in flight counts as wanting").isEqualTo(25);
        shares.gaveBack("d");
        shares.gaveBack("d");
        assertThat(shares.inFlight("d")).isZero();
        assertThat(shares.share(3, 10, List.of("a", "b", "c", "e", "f"))).as("never below one").isEqualTo(1);
    }
}
