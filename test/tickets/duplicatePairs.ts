/**
 * Labelled pairs for the duplicate threshold: each pair has the same department and district,
 * as the index would offer them; `same` says whether a person reading both would call them one
 * incident. Written by hand from the kinds of reports the hotline gets.
 */
export const LABELLED_PAIRS: readonly { a: string; b: string; same: boolean }[] = [
  // One incident, told by different people in different words.
  {
    a: '香港中路和南京路路口的红绿灯坏了，一直闪黄灯，车都堵住了',
    b: '南京路香港中路路口红绿灯不亮了，一直闪黄，很危险',
    same: true,
  },
  {
    a: '宁夏路128号小区门口下水道堵了，污水漫到马路上，臭气熏天',
    b: '宁夏路小区门口下水道堵塞，污水都漫到路上了，太臭了',
    same: true,
  },
  {
    a: '台东三路工地晚上十一点还在施工，噪音太大睡不着',
    b: '台东三路那个工地半夜还在施工打桩，噪音吵得睡不着觉',
    same: true,
  },
  {
    a: '延安路小学门口路灯坏了好几盏，晚上一片漆黑',
    b: '延安路小学门口的路灯不亮，晚上很黑孩子放学不安全',
    same: true,
  },
  {
    a: '我们小区停水了，从早上到现在都没水，辽阳西路阳光小区',
    b: '辽阳西路阳光小区停水一整天了，什么时候来水',
    same: true,
  },
  {
    a: '燕儿岛路上有个井盖丢了，很危险',
    b: '燕儿岛路井盖丢失，路中间一个大洞，太危险了',
    same: true,
  },
  {
    a: '山东路天桥下面有人占道经营摆摊，行人都过不去',
    b: '山东路天桥底下占道摆摊的太多了，人都走不过去',
    same: true,
  },
  {
    a: 'The traffic light at Hong Kong Middle Road and Nanjing Road is broken and flashing yellow',
    b: 'Traffic light broken at Nanjing Road / Hong Kong Middle Road crossing, only flashing yellow',
    same: true,
  },
  {
    a: '福州南路燃气管道好像漏气了，闻到很大的煤气味',
    b: '福州南路这边有很浓的煤气味，怀疑燃气管道漏气',
    same: true,
  },
  {
    a: '金门路菜市场旁边垃圾好几天没人清运了，苍蝇到处飞',
    b: '金门路菜市场边上的垃圾堆了几天没清运，又臭又招苍蝇',
    same: true,
  },
  // Different incidents of one department and district: the hard cases.
  {
    a: '香港中路和南京路路口的红绿灯坏了，一直闪黄灯，车都堵住了',
    b: '香港中路有车辆违章停车，占用了公交站台',
    same: false,
  },
  {
    a: '宁夏路128号小区门口下水道堵了，污水漫到马路上，臭气熏天',
    b: '宁夏路小区物业乱收停车费，每月多收两百元',
    same: false,
  },
  {
    a: '台东三路工地晚上十一点还在施工，噪音太大睡不着',
    b: '台东三路饭店油烟直排，熏得我们家不能开窗',
    same: false,
  },
  {
    a: '延安路小学门口路灯坏了好几盏，晚上一片漆黑',
    b: '延安路小学门口有黑车揽客，接送孩子不安全',
    same: false,
  },
  {
    a: '我们小区停水了，从早上到现在都没水，辽阳西路阳光小区',
    b: '辽阳西路阳光小区电梯坏了一周了没人修',
    same: false,
  },
  {
    a: '燕儿岛路上有个井盖丢了，很危险',
    b: '燕儿岛路人行道砖松动，下雨一踩一脚泥',
    same: false,
  },
  {
    a: '山东路天桥下面有人占道经营摆摊，行人都过不去',
    b: '山东路有商户把广告牌放在人行道上',
    same: false,
  },
  {
    a: 'The traffic light at Hong Kong Middle Road and Nanjing Road is broken and flashing yellow',
    b: 'A car has been parked on the pavement of Nanjing Road for two weeks',
    same: false,
  },
  {
    a: '福州南路燃气管道好像漏气了，闻到很大的煤气味',
    b: '福州南路小区供暖不热，室内只有十五度',
    same: false,
  },
  {
    a: '金门路菜市场旁边垃圾好几天没人清运了，苍蝇到处飞',
    b: '金门路菜市场有商贩缺斤短两',
    same: false,
  },
  {
    a: '我家楼上漏水，渗到我家天花板了，物业不管',
    b: '我家小区物业不作为，楼道灯坏了一个月不修',
    same: false,
  },
  {
    a: '小区门口的公交站牌被撞倒了',
    b: '小区门口马路上有个大坑，车开过去很颠',
    same: false,
  },
];
