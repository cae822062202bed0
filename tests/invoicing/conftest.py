import pytest

from garage.kernel import bus as kernel_bus


@pytest.fixture
def publish(bus):
    """Publishes through the real bus and waits until everything is handled."""

    def publish(*events):
        envelopes = kernel_bus.publish(*events)
        bus.drain()
        return envelopes

    return publish
