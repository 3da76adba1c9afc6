import XCTest
@testable import SegueCore

final class ProcessorsTests: XCTestCase {
    private let status = "Name:\tsegue\nCpus_allowed:\t3\nCpus_allowed_list:\t0-1\n"

    /// The affinity mask rules the core count; a cgroup quota caps it.
    func testUsableCPUsFollowTheMaskAndTheQuota() {
        XCTAssertEqual(Processors.usable(status: status, cpuMax: nil, quota: nil, period: nil, cores: 64), 2)
        // taskset -c 5 on a 64-core node
        XCTAssertEqual(Processors.usable(status: "Cpus_allowed:\t00000000,00000020\n", cpuMax: nil, quota: nil, period: nil, cores: 64), 1)
        XCTAssertEqual(Processors.usable(status: "Cpus_allowed:\tff,ffffffff\n", cpuMax: nil, quota: nil, period: nil, cores: 64), 40)
        // No mask to read: every core.
        XCTAssertEqual(Processors.usable(status: nil, cpuMax: nil, quota: nil, period: nil, cores: 8), 8)
        XCTAssertEqual(Processors.usable(status: "Name:\tx\n", cpuMax: nil, quota: nil, period: nil, cores: 8), 8)
        // cgroup v2: 1.5 CPUs of quota allow 2 threads; "max" is no quota.
        XCTAssertEqual(Processors.usable(status: "Cpus_allowed:\tff\n", cpuMax: "150000 100000\n", quota: nil, period: nil, cores: 8), 2)
        XCTAssertEqual(Processors.usable(status: "Cpus_allowed:\tff\n", cpuMax: "max 100000\n", quota: nil, period: nil, cores: 8), 8)
        // cgroup v1: −1 is no quota.
        XCTAssertEqual(Processors.usable(status: "Cpus_allowed:\tff\n", cpuMax: nil, quota: "300000\n", period: "100000\n", cores: 8), 3)
        XCTAssertEqual(Processors.usable(status: "Cpus_allowed:\tff\n", cpuMax: nil, quota: "-1\n", period: "100000\n", cores: 8), 8)
        // A quota above the mask leaves the mask.
        XCTAssertEqual(Processors.usable(status: status, cpuMax: "800000 100000", quota: nil, period: nil, cores: 64), 2)
    }

    /// This process's own answer is at least one CPU and at most the machine's.
    func testThisProcessHasUsableCPUs() throws {
        let mask = try String(contentsOfFile: "/proc/thread-self/status", encoding: .utf8)
        let allowed = try XCTUnwrap(Processors.allowedInMask(mask))
        XCTAssertGreaterThanOrEqual(Processors.usable, 1)
        XCTAssertLessThanOrEqual(Processors.usable, allowed)
    }
}
